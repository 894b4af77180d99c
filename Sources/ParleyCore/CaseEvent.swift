/// What happened to a case. The raw value is the event's stored type.
public enum CaseEventKind: String, Sendable, CaseIterable, Codable {
    case opened, contacted, engaged
    case negotiationStarted = "negotiation_started"
    case mediationStarted = "mediation_started"
    case agreed, signed
    case implementationStarted = "implementation_started"
    case resolved, broken, reopened, escalated
    case arbitrationStarted = "arbitration_started"
    case awarded, closed, cured, withdrawn
    case holdPlaced = "hold_placed"
    case holdReleased = "hold_released"
    /// Recorded without changing the state (a payment seen, a note, a message).
    case noted
}

/// An event before it is placed on a case's chain.
public struct NewCaseEvent: Hashable, Sendable {
    public var kind: CaseEventKind
    public var at: Instant
    public var actor: Actor
    /// For automatic decisions: the rule that decided and the inputs it saw.
    public var rule: String?
    public var inputs: JSONValue
    /// Event-specific details (the hold kind, a summary, amounts).
    public var data: JSONValue

    public init(kind: CaseEventKind, at: Instant, actor: Actor, rule: String? = nil,
                inputs: JSONValue = [:], data: JSONValue = [:]) {
        self.kind = kind
        self.at = at
        self.actor = actor
        self.rule = rule
        self.inputs = inputs
        self.data = data
    }

    /// The hold a hold event is about.
    public var holdKind: HoldKind? { data["hold"]?.stringValue.flatMap(HoldKind.init(rawValue:)) }
}

/// An event on a case's hash chain.
public struct CaseEvent: Hashable, Sendable {
    public let caseID: String
    /// 1, 2, 3 … within the case.
    public let sequence: Int
    public let event: NewCaseEvent
    public let previousHash: String
    public let hash: String

    public init(caseID: String, sequence: Int, event: NewCaseEvent, previousHash: String, hash: String) {
        self.caseID = caseID
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }

    public var kind: CaseEventKind { event.kind }
    public var at: Instant { event.at }
    public var actor: Actor { event.actor }
    public var rule: String? { event.rule }
    public var inputs: JSONValue { event.inputs }
    public var data: JSONValue { event.data }
}
