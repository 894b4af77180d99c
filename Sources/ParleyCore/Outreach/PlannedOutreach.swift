/// Everything the planner needs to know about one case on one day.
public struct OutreachSubject: Sendable {
    /// Days since the case opened, counted in the borrower's local calendar.
    public var day: Int
    /// The borrower's local date today.
    public var localDate: CivilDate
    /// The moment of planning; a message is never planned before it.
    public var now: Instant
    public var contact: ContactPoints
    /// Zone, opt-outs and consents (holds and caps are the gate's business at send time).
    public var borrower: BorrowerContactState
    public var behaviour: ContactBehaviour
    public var segment: Segment

    public init(day: Int, localDate: CivilDate, now: Instant, contact: ContactPoints, borrower: BorrowerContactState,
                behaviour: ContactBehaviour, segment: Segment) {
        self.day = day
        self.localDate = localDate
        self.now = now
        self.contact = contact
        self.borrower = borrower
        self.behaviour = behaviour
        self.segment = segment
    }
}

/// A message the planner wants sent: what, on which channel (and which next on failure), when, and why.
/// The compliance gate still decides each send.
public struct PlannedOutreach: Hashable, Sendable {
    public let day: Int
    public let template: OutreachTemplate
    public let purpose: MessagePurpose
    public let channel: Channel
    /// The step's other reachable channels, in the order dispatch should fail over to them.
    public let fallbacks: [Channel]
    /// Index into the policy's windows; also the learner's bucket for this send.
    public let windowIndex: Int
    public let window: ContactWindow
    /// The window's start on the local date, or `now` if that has passed.
    public let plannedAt: Instant
    public let reason: GateReason

    /// The plan as recorded on the case.
    public var json: JSONValue {
        ["day": .int(Int64(day)), "template": .string(template.rawValue), "purpose": .string(purpose.rawValue),
         "channel": .string(channel.rawValue), "fallbacks": .array(fallbacks.map { .string($0.rawValue) }),
         "window": .int(Int64(windowIndex)), "window_span": .string(window.description),
         "planned_at": .string(plannedAt.description),
         "rule": .string(reason.rule), "summary": .string(reason.summary), "inputs": reason.inputs]
    }
}

/// What the planner decided for a cadence day.
public enum OutreachPlan: Hashable, Sendable {
    /// Send this message.
    case send(PlannedOutreach)
    /// The step names no channel the borrower can be reached on; nothing is sent (`preference.no_reachable_channel`).
    case unreachable(step: CadenceStep, reason: GateReason)

    public var planned: PlannedOutreach? {
        if case .send(let planned) = self { return planned }
        return nil
    }

    public var reason: GateReason {
        switch self {
        case .send(let planned): return planned.reason
        case .unreachable(_, let reason): return reason
        }
    }

    /// The decision as recorded on the case.
    public var json: JSONValue {
        switch self {
        case .send(let planned):
            guard case .object(var members) = planned.json else { return planned.json }
            members["decision"] = "send"
            return .object(members)
        case .unreachable(let step, let reason):
            return ["decision": "skip", "day": .int(Int64(step.day)), "template": .string(step.template.rawValue),
                    "rule": .string(reason.rule), "summary": .string(reason.summary), "inputs": reason.inputs]
        }
    }
}
