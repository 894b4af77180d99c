/// Where a case stands in the journey of SPEC.md.
public enum CaseStatus: String, Sendable, CaseIterable, Codable {
    case triggered, contacted, engaged, negotiating
    case inMediation = "in_mediation"
    case agreed, signed, implementing, resolved, broken, escalated
    case inArbitration = "in_arbitration"
    case awarded, closed, cured, withdrawn

    /// An open case blocks opening another for the same loan.
    public var isOpen: Bool { !CaseStatus.finished.contains(self) }

    /// Before any agreement: the loan can still be cured by being brought current.
    public var isPreAgreement: Bool { CaseStatus.preAgreement.contains(self) }

    static let finished: Set<CaseStatus> = [.resolved, .closed, .cured, .withdrawn]
    static let preAgreement: Set<CaseStatus> = [.triggered, .contacted, .engaged, .negotiating, .inMediation]
}

/// A hold suspends outreach and escalation while it lasts.
public enum HoldKind: String, Sendable, CaseIterable, Codable, Comparable {
    case dispute, hardship, legal, deceased, cease

    /// The name shown for a case under this hold.
    public var statusName: String {
        switch self {
        case .dispute: return "disputed"
        case .hardship: return "hardship_pause"
        case .legal: return "legal_hold"
        case .deceased: return "deceased"
        case .cease: return "cease_and_desist"
        }
    }

    public static func < (lhs: HoldKind, rhs: HoldKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Who caused an event.
public struct Actor: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable { case system, borrower, staff, lenderSystem = "lender_system" }
    public let kind: Kind
    public let id: String

    public init(_ kind: Kind, _ id: String) {
        self.kind = kind
        self.id = id
    }

    public static func system(_ component: String) -> Actor { Actor(.system, component) }

    public var description: String { "\(kind.rawValue):\(id)" }
    public var json: JSONValue { ["kind": .string(kind.rawValue), "id": .string(id)] }
}
