/// What the gate knows about a borrower's contact situation at the moment of a send.
public struct BorrowerContactState: Sendable {
    public var jurisdiction: Jurisdiction
    /// IANA zone of the borrower, e.g. `Asia/Kolkata`.
    public var timeZone: String
    public var optedOut: Set<Channel>
    /// Channels with an explicit opt-in. Only channels that `requiresOptIn` (WhatsApp) look at it;
    /// the others count as consented unless opted out.
    public var consented: Set<Channel>
    public var holds: Set<HoldKind>
    /// When a hold ends, if known (a hardship pause has an end; others usually do not).
    /// A hold whose end is at or before the send no longer applies.
    public var holdUntil: [HoldKind: Instant]
    /// Collection messages sent, or planned and allowed, in at least the last 8 days.
    /// The send being decided is not in it. Transactional messages do not belong here.
    public var recentSends: [(channel: Channel, at: Instant)]

    public init(jurisdiction: Jurisdiction, timeZone: String, optedOut: Set<Channel> = [], consented: Set<Channel> = [],
                holds: Set<HoldKind> = [], holdUntil: [HoldKind: Instant] = [:],
                recentSends: [(channel: Channel, at: Instant)] = []) {
        self.jurisdiction = jurisdiction
        self.timeZone = timeZone
        self.optedOut = optedOut
        self.consented = consented
        self.holds = holds
        self.holdUntil = holdUntil
        self.recentSends = recentSends
    }

    /// Holds still in force at `instant`.
    public func activeHolds(at instant: Instant) -> Set<HoldKind> {
        holds.filter { kind in
            guard let end = holdUntil[kind] else { return true }
            return end > instant
        }
    }
}
