import Testing
@testable import ParleyCore

@Suite("Thompson sampling learner")
struct ThompsonSamplerTests {
    let arms = [Channel.whatsapp, .sms, .email].flatMap { channel in (0..<4).map { OutreachArm(channel: channel, window: $0) } }

    @Test func posteriorsAndChoiceAreRecorded() {
        let sms2 = OutreachArm(channel: .sms, window: 2), email0 = OutreachArm(channel: .email, window: 0)
        let stats: [OutreachArm: ArmOutcome] = [sms2: ArmOutcome(trials: 5, successes: 4), email0: ArmOutcome(trials: 3, successes: 5)]
        var random = SplitMix64(seed: 3)
        let choice = ThompsonSampler.choose(arms: [email0, sms2, OutreachArm(channel: .push, window: 1)], stats: stats, random: &random)
        #expect(choice.draws.map(\.arm) == [email0, sms2, OutreachArm(channel: .push, window: 1)])
        #expect(choice.draws.map(\.alpha) == [4, 5, 1])  // successes over-counted past trials are capped
        #expect(choice.draws.map(\.beta) == [1, 2, 1])
        #expect(choice.draws[1].mean == 5.0 / 7.0)
        #expect(choice.chosen.draw == choice.draws.map(\.draw).max())
        #expect(choice.draws[1].json["mean_ppm"] == 714_286)
        #expect(choice.draws[1].json["trials"] == 5 && choice.draws[1].json["successes"] == 4)
    }

    @Test func deterministicForASeed() {
        let stats = SegmentStats(rows: [(Segment(jurisdiction: .india, dpd: 10, language: "hi"), arms[5], ArmOutcome(trials: 9, successes: 3))])
        func run(_ seed: UInt64) -> [OutreachArm] {
            var random = SplitMix64(seed: seed)
            let outcomes = stats.outcomes(for: Segment(jurisdiction: .india, dpd: 3, language: "HI"))
            return (0..<40).map { _ in ThompsonSampler.choose(arms: arms, stats: outcomes, random: &random).chosen.arm }
        }
        #expect(run(11) == run(11))
        #expect(run(11) != run(12))
    }

    @Test func convergesOnTheBestArm() {
        let segment = Segment(jurisdiction: .india, dpd: 12, language: "en")
        let best = OutreachArm(channel: .sms, window: 2)
        var stats = SegmentStats()
        var chooser = SplitMix64(seed: 2026), world = SplitMix64(seed: 7)
        var bestInLast500 = 0
        for round in 0..<2000 {
            let arm = ThompsonSampler.choose(arms: arms, stats: stats.outcomes(for: segment), random: &chooser).chosen.arm
            let rate = arm == best ? 0.6 : 0.1
            let engaged = Double(world.next() >> 11) * 0x1p-53 < rate
            stats.record(segment: segment, arm: arm, successes: engaged ? 1 : 0)
            if round >= 1500 && arm == best { bestInLast500 += 1 }
        }
        #expect(bestInLast500 > 400, "best arm chosen \(bestInLast500) of the last 500")
        #expect(stats.outcomes(for: segment).values.reduce(0) { $0 + $1.trials } == 2000)
    }

    @Test func segmentsAndStats() {
        #expect(DPDGroup(dpd: 0) == .early && DPDGroup(dpd: 30) == .early)
        #expect(DPDGroup(dpd: 31) == .mid && DPDGroup(dpd: 90) == .mid)
        #expect(DPDGroup(dpd: 91) == .late)
        let segment = Segment(jurisdiction: .unitedStates, dpd: 45, language: "EN")
        #expect(segment.key == "US/mid/en")
        #expect(Segment(key: "US/mid/en") == segment)
        #expect(Segment(key: "US/mid") == nil && Segment(key: "XX/mid/en") == nil && Segment(key: "US/mid/EN") == nil)
        var stats = SegmentStats()
        stats.record(segment: segment, arm: arms[1], successes: 1)
        stats.record(segment: segment, arm: arms[1], trials: 3, successes: 0)
        #expect(stats.outcome(segment, arms[1]) == ArmOutcome(trials: 4, successes: 1))
        #expect(stats.outcome(segment, arms[1]).failures == 3)
        #expect(stats.outcome(Segment(jurisdiction: .india, dpd: 45, language: "en"), arms[1]) == ArmOutcome())
    }
}
