/// What the compliance gate decided about one send.
public enum GateDecision: Hashable, Sendable {
    case allow(reason: GateReason)
    case reschedule(at: Instant, reason: GateReason)
    case drop(reason: GateReason)

    public var reason: GateReason {
        switch self {
        case .allow(let reason), .reschedule(_, let reason), .drop(let reason): return reason
        }
    }

    /// `allow`, `reschedule` or `drop`.
    public var kind: String {
        switch self {
        case .allow: return "allow"
        case .reschedule: return "reschedule"
        case .drop: return "drop"
        }
    }

    /// The decision as recorded on the case.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "decision": .string(kind), "rule": .string(reason.rule),
            "summary": .string(reason.summary), "inputs": reason.inputs,
        ]
        if case .reschedule(let at, _) = self { members["at"] = .string(at.description) }
        return .object(members)
    }
}

/// The rule behind a gate decision, with everything the gate looked at.
public struct GateReason: Hashable, Sendable {
    /// A stable dotted name, e.g. `hours.outside_window`, `cap.overall_per_7_days`, `hold.dispute`, `ok`.
    public let rule: String
    /// Local time, window, counts, caps, zone and the slot found: enough to explain the decision.
    public let inputs: JSONValue
    /// One plain English sentence.
    public var summary: String

    public init(rule: String, inputs: JSONValue, summary: String) {
        self.rule = rule
        self.inputs = inputs
        self.summary = summary
    }
}
