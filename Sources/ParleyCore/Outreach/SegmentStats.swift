/// Trials and successes of one arm: a send counts as a trial, and as a success when it was
/// engaged with (read, clicked, replied to, or followed by a portal visit attributed to it).
public struct ArmOutcome: Hashable, Sendable {
    public var trials: Int
    public var successes: Int

    public init(trials: Int = 0, successes: Int = 0) {
        self.trials = trials
        self.successes = successes
    }

    /// Trials without engagement (never negative, even if receipts over-count).
    public var failures: Int { max(0, trials - successes) }
}

/// The learner's input: outcomes per (segment, channel, window), aggregated over all borrowers.
public struct SegmentStats: Hashable, Sendable {
    /// Outcomes by segment key, then arm.
    public private(set) var outcomes: [String: [OutreachArm: ArmOutcome]]

    public init() { outcomes = [:] }

    /// Builds statistics from stored rows.
    public init(rows: [(segment: Segment, arm: OutreachArm, outcome: ArmOutcome)]) {
        self.init()
        for row in rows { record(segment: row.segment, arm: row.arm, trials: row.outcome.trials, successes: row.outcome.successes) }
    }

    /// The outcome of one arm in a segment (zero when never tried).
    public func outcome(_ segment: Segment, _ arm: OutreachArm) -> ArmOutcome {
        outcomes[segment.key]?[arm] ?? ArmOutcome()
    }

    /// Every arm's outcome in a segment.
    public func outcomes(for segment: Segment) -> [OutreachArm: ArmOutcome] {
        outcomes[segment.key] ?? [:]
    }

    /// Adds trials and successes to an arm.
    public mutating func record(segment: Segment, arm: OutreachArm, trials: Int = 1, successes: Int) {
        var outcome = outcomes[segment.key, default: [:]][arm, default: ArmOutcome()]
        outcome.trials += trials
        outcome.successes += successes
        outcomes[segment.key, default: [:]][arm] = outcome
    }
}
