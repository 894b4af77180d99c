/// Why an event cannot be recorded on a case.
public enum CaseTransitionError: Error, Equatable, Sendable, CustomStringConvertible {
    case alreadyOpened
    case notOpened
    case illegal(event: CaseEventKind, from: CaseStatus)
    case onHold(event: CaseEventKind, holds: [HoldKind])
    case holdAlreadyPlaced(HoldKind)
    case holdNotPlaced(HoldKind)
    case missingHoldKind

    public var description: String {
        switch self {
        case .alreadyOpened: return "the case is already open; 'opened' can only be its first event"
        case .notOpened: return "the first event of a case must be 'opened'"
        case .illegal(let event, let from):
            return "cannot record '\(event.rawValue)' on a case that is '\(from.rawValue)'"
        case .onHold(let event, let holds):
            return "cannot record '\(event.rawValue)' while the case is on hold (\(holds.map(\.statusName).joined(separator: ", ")))"
        case .holdAlreadyPlaced(let kind): return "the case is already under a \(kind.rawValue) hold"
        case .holdNotPlaced(let kind): return "the case is not under a \(kind.rawValue) hold"
        case .missingHoldKind: return "a hold event needs data.hold (dispute, hardship, legal, deceased or cease)"
        }
    }
}

/// A case as the fold of its events.
public struct CaseState: Hashable, Sendable {
    public private(set) var status: CaseStatus
    public private(set) var holds: Set<HoldKind> = []
    public private(set) var eventCount = 0
    public private(set) var lastHash = HashChain.genesis
    public private(set) var openedAt: Instant
    public private(set) var updatedAt: Instant
    /// Whether the case ever reached an agreement (curing is only possible before one).
    public private(set) var everAgreed = false

    /// A state as projected in storage (the inverse of reading its fields).
    public init(status: CaseStatus, holds: Set<HoldKind>, eventCount: Int, lastHash: String,
                openedAt: Instant, updatedAt: Instant, everAgreed: Bool) {
        self.status = status
        self.holds = holds
        self.eventCount = eventCount
        self.lastHash = lastHash
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.everAgreed = everAgreed
    }

    private init(status: CaseStatus, openedAt: Instant, updatedAt: Instant) {
        self.status = status
        self.openedAt = openedAt
        self.updatedAt = updatedAt
    }

    /// Records that `hash` is now the chain's head (after the event was sealed).
    public mutating func advance(to hash: String) { lastHash = hash }

    /// The state after the first event, which must be `opened`.
    public static func start(with event: NewCaseEvent) throws(CaseTransitionError) -> CaseState {
        guard event.kind == .opened else { throw .notOpened }
        var state = CaseState(status: .triggered, openedAt: event.at, updatedAt: event.at)
        state.eventCount = 1
        return state
    }

    /// Folds a chain of events into the case's state.
    public static func fold(_ events: [CaseEvent]) throws(CaseTransitionError) -> CaseState {
        guard let first = events.first else { throw .notOpened }
        var state = try start(with: first.event)
        state.lastHash = first.hash
        for event in events.dropFirst() {
            state = try state.applying(event.event)
            state.lastHash = event.hash
        }
        return state
    }

    /// The state after `event`, or the reason it is not allowed now.
    public func applying(_ event: NewCaseEvent) throws(CaseTransitionError) -> CaseState {
        var next = self
        next.eventCount += 1
        next.updatedAt = max(updatedAt, event.at)
        switch event.kind {
        case .opened: throw .alreadyOpened
        case .holdPlaced:
            guard let kind = event.holdKind else { throw .missingHoldKind }
            guard status.isOpen else { throw .illegal(event: event.kind, from: status) }
            guard !holds.contains(kind) else { throw .holdAlreadyPlaced(kind) }
            next.holds.insert(kind)
            return next
        case .holdReleased:
            guard let kind = event.holdKind else { throw .missingHoldKind }
            guard holds.contains(kind) else { throw .holdNotPlaced(kind) }
            next.holds.remove(kind)
            return next
        case .noted:
            return next
        default:
            break
        }
        guard let rule = CaseState.transitions[event.kind], rule.from.contains(status) else {
            throw .illegal(event: event.kind, from: status)
        }
        if !holds.isEmpty, CaseState.blockedByAnyHold.contains(event.kind)
            || (holds.contains(.legal) && CaseState.blockedByLegalHold.contains(event.kind)) {
            throw .onHold(event: event.kind, holds: holds.sorted())
        }
        if let target = rule.to, !(rule.keepFrom.contains(status)) { next.status = target }
        if event.kind == .agreed { next.everAgreed = true }
        if next.status.isOpen == false { next.holds = [] }
        return next
    }

    /// Case name for lists: the status, or the hold when one is in force.
    public var displayStatus: String {
        holds.isEmpty ? status.rawValue : status.rawValue + " (" + holds.sorted().map(\.statusName).joined(separator: ", ") + ")"
    }

    struct Transition {
        let from: Set<CaseStatus>
        let to: CaseStatus?
        /// Statuses where the event is recorded but the status stays.
        var keepFrom: Set<CaseStatus> = []
    }

    static let active: Set<CaseStatus> = [.triggered, .contacted, .engaged, .negotiating, .inMediation, .broken, .escalated]

    static let transitions: [CaseEventKind: Transition] = [
        .contacted: Transition(from: active.union([.agreed, .signed, .implementing, .inArbitration, .awarded]), to: .contacted,
                               keepFrom: active.union([.agreed, .signed, .implementing, .inArbitration, .awarded]).subtracting([.triggered])),
        .engaged: Transition(from: [.triggered, .contacted, .engaged, .negotiating, .inMediation, .broken], to: .engaged,
                             keepFrom: [.engaged, .negotiating, .inMediation, .broken]),
        .negotiationStarted: Transition(from: [.triggered, .contacted, .engaged, .broken], to: .negotiating),
        .mediationStarted: Transition(from: [.triggered, .contacted, .engaged, .negotiating, .broken], to: .inMediation),
        .agreed: Transition(from: [.engaged, .negotiating, .inMediation], to: .agreed),
        .signed: Transition(from: [.agreed], to: .signed),
        .implementationStarted: Transition(from: [.signed], to: .implementing),
        .resolved: Transition(from: [.implementing, .triggered, .contacted, .engaged, .negotiating, .inMediation, .broken], to: .resolved),
        .broken: Transition(from: [.agreed, .signed, .implementing], to: .broken),
        .reopened: Transition(from: [.broken], to: .triggered),
        .escalated: Transition(from: [.triggered, .contacted, .engaged, .negotiating, .inMediation, .broken], to: .escalated),
        .arbitrationStarted: Transition(from: [.escalated], to: .inArbitration),
        .awarded: Transition(from: [.inArbitration], to: .awarded),
        .closed: Transition(from: [.awarded, .resolved], to: .closed),
        .cured: Transition(from: CaseStatus.preAgreement, to: .cured),
        .withdrawn: Transition(from: Set(CaseStatus.allCases.filter(\.isOpen)), to: .withdrawn),
    ]

    static let blockedByAnyHold: Set<CaseEventKind> = [.escalated, .arbitrationStarted]
    static let blockedByLegalHold: Set<CaseEventKind> = [.contacted, .negotiationStarted, .mediationStarted, .agreed, .signed, .reopened]
}
