/// One arm as the learner saw it: its posterior Beta(alpha, beta) and the sample drawn from it.
public struct ArmDraw: Hashable, Sendable {
    public let arm: OutreachArm
    public let outcome: ArmOutcome
    /// 1 + successes.
    public let alpha: Int
    /// 1 + failures.
    public let beta: Int
    /// The draw from Beta(alpha, beta), in [0, 1].
    public let draw: Double

    /// The posterior mean alpha / (alpha + beta).
    public var mean: Double { Double(alpha) / Double(alpha + beta) }

    /// The record; JSON holds integers only, so mean and draw are in parts per million.
    public var json: JSONValue {
        ["channel": .string(arm.channel.rawValue), "window": .int(Int64(arm.window)),
         "trials": .int(Int64(outcome.trials)), "successes": .int(Int64(outcome.successes)),
         "alpha": .int(Int64(alpha)), "beta": .int(Int64(beta)),
         "mean_ppm": .int(ThompsonSampler.ppm(mean)), "draw_ppm": .int(ThompsonSampler.ppm(draw))]
    }
}

/// The learner's choice: the arm with the highest draw, and every arm's draw for the record.
public struct ThompsonChoice: Hashable, Sendable {
    public let chosen: ArmDraw
    /// In the order the arms were given.
    public let draws: [ArmDraw]
}

/// Thompson sampling over channel × window arms with a Beta(1, 1) prior: each arm's engagement
/// rate is drawn from Beta(1 + successes, 1 + failures) and the highest draw wins, so arms are
/// tried in proportion to the chance that they are the best.
public enum ThompsonSampler {
    /// Draws once per arm, in order, and returns the highest (the first of equal draws).
    /// Arms missing from `stats` have no trials yet. `arms` must not be empty.
    public static func choose(arms: [OutreachArm], stats: [OutreachArm: ArmOutcome],
                              random: inout some RandomNumberGenerator) -> ThompsonChoice {
        precondition(!arms.isEmpty, "Thompson sampling needs at least one arm")
        var draws: [ArmDraw] = []
        draws.reserveCapacity(arms.count)
        for arm in arms {
            let outcome = stats[arm] ?? ArmOutcome()
            let alpha = 1 + min(outcome.successes, outcome.trials), beta = 1 + outcome.failures
            let draw = BetaSampling.beta(alpha: Double(alpha), beta: Double(beta), using: &random)
            draws.append(ArmDraw(arm: arm, outcome: outcome, alpha: alpha, beta: beta, draw: draw))
        }
        var best = draws[0]
        for candidate in draws.dropFirst() where candidate.draw > best.draw { best = candidate }
        return ThompsonChoice(chosen: best, draws: draws)
    }

    static func ppm(_ value: Double) -> Int64 { Int64((value * 1_000_000).rounded()) }
}
