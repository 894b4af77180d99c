/// How far behind a borrower is, coarsely: the learner pools borrowers in the same group.
public enum DPDGroup: String, Sendable, CaseIterable, Hashable {
    /// Up to 30 days past due.
    case early
    /// 31 to 90 days past due.
    case mid
    /// More than 90 days past due.
    case late

    public init(dpd: Int) {
        switch dpd {
        case ...30: self = .early
        case 31...90: self = .mid
        default: self = .late
        }
    }
}

/// Borrowers who are expected to respond alike: the learner keeps one set of arm statistics per segment.
public struct Segment: Hashable, Sendable, CustomStringConvertible {
    public var jurisdiction: Jurisdiction
    public var dpdGroup: DPDGroup
    /// Lower-case language code, e.g. `hi`.
    public var language: String

    public init(jurisdiction: Jurisdiction, dpdGroup: DPDGroup, language: String) {
        self.jurisdiction = jurisdiction
        self.dpdGroup = dpdGroup
        self.language = language.lowercased()
    }

    public init(jurisdiction: Jurisdiction, dpd: Int, language: String) {
        self.init(jurisdiction: jurisdiction, dpdGroup: DPDGroup(dpd: dpd), language: language)
    }

    /// The stable key the store files statistics under: `IN/early/hi`.
    public var key: String { "\(jurisdiction.rawValue)/\(dpdGroup.rawValue)/\(language)" }

    /// Reads a `key` back; nil when it is not one.
    public init?(key: String) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let jurisdiction = Jurisdiction(rawValue: String(parts[0])),
              let group = DPDGroup(rawValue: String(parts[1])), !parts[2].isEmpty,
              String(parts[2]) == parts[2].lowercased() else { return nil }
        self.init(jurisdiction: jurisdiction, dpdGroup: group, language: String(parts[2]))
    }

    public var description: String { key }
}
