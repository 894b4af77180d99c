import Testing
@testable import ParleyCore

@Suite("Outreach planner: Thompson sampling, windows and time zones")
struct OutreachPlannerTimingTests {
    typealias F = PlannerFixtures

    @Test func adaptivePicksTheLearnedArmAndRecordsEveryDraw() throws {
        let segment = F.subject(day: 3).segment
        var stats = SegmentStats()
        for channel in Channel.allCases {
            for window in 0..<4 {
                let best = channel == .sms && window == 2
                stats.record(segment: segment, arm: OutreachArm(channel: channel, window: window), trials: 50, successes: best ? 40 : 0)
            }
        }
        let plan = try #require(F.planned(F.subject(day: 3), adaptive: true, stats: stats, seed: 77))
        #expect(plan.channel == .sms && plan.windowIndex == 2)
        #expect(plan.plannedAt == F.instant("2026-03-10T08:30:00Z"))  // 14:00 IST
        #expect(plan.fallbacks == [.whatsapp, .push, .email])
        #expect(plan.reason.rule == "adaptive.thompson")
        #expect(plan.reason.summary == "Day 3 reminder by SMS at 14:00–17:00: SMS was read or acted on 40 of 50 times in this window "
                + "for similar borrowers (Thompson sampling).")
        let arms = try #require(plan.reason.inputs["arms"]?.arrayValue)
        #expect(arms.count == 16)
        #expect(arms[0]["channel"] == "sms" && arms[0]["window"] == 0 && arms[0]["alpha"] == 1 && arms[0]["beta"] == 51)
        #expect(arms[2]["alpha"] == 41 && arms[2]["beta"] == 11)
        #expect(arms.allSatisfy { $0["draw_ppm"]?.intValue.map { (0...1_000_000).contains($0) } == true })
        #expect(plan.reason.inputs["chosen"] == arms[2])
        #expect(plan.reason.inputs["segment"] == "IN/early/hi")
        #expect(F.planned(F.subject(day: 3), adaptive: true, stats: stats, seed: 77) == plan)
    }

    @Test func adaptiveExploresUntriedArms() throws {
        let plan = try #require(F.planned(F.subject(day: 14), adaptive: true, seed: 3))
        #expect([Channel.sms, .email].contains(plan.channel))
        #expect(plan.reason.summary.hasSuffix("has not been tried in this window for similar borrowers yet, so it is being explored "
                                              + "(Thompson sampling)."))
        var seen: Set<OutreachArm> = []
        for seed in 0..<200 as Range<UInt64> {
            if let plan = F.planned(F.subject(day: 14), adaptive: true, seed: seed) {
                seen.insert(OutreachArm(channel: plan.channel, window: plan.windowIndex))
            }
        }
        #expect(seen.count == 8)
    }

    @Test(arguments: [
        ("2026-03-07", "2026-03-07T14:00:00Z"),  // EST, the day before spring forward
        ("2026-03-08", "2026-03-08T13:00:00Z"),  // EDT from 02:00 that morning
        ("2026-10-31", "2026-10-31T13:00:00Z"),  // EDT
        ("2026-11-01", "2026-11-01T14:00:00Z"),  // EST from 02:00 that morning
    ])
    func plannedAtIsTheLocalWindowStartAcrossDST(localDate: String, expected: String) throws {
        let subject = F.subject(day: 7, on: localDate, now: localDate + "T05:00:00Z", jurisdiction: .unitedStates, zone: "America/New_York")
        let plan = try #require(F.planned(subject))
        #expect(plan.windowIndex == 0)
        #expect(plan.plannedAt == F.instant(expected))
        #expect(F.zones.local(plan.plannedAt, zone: "America/New_York") == LocalDateTime(date: CivilDate(iso: localDate)!, hour: 9, minute: 0))
    }

    @Test func windowsThatHavePassedAreSkipped() throws {
        let zone = "America/New_York"
        func plan(_ now: String) -> PlannedOutreach? {
            F.planned(F.subject(day: 7, on: "2026-11-01", now: now, jurisdiction: .unitedStates, zone: zone))
        }
        // 09:30 EST: inside the first window, so it goes now.
        let inside = try #require(plan("2026-11-01T14:30:00Z"))
        #expect(inside.windowIndex == 0 && inside.plannedAt == F.instant("2026-11-01T14:30:00Z"))
        // 11:15 EST: the first window has ended; the second is under way.
        let second = try #require(plan("2026-11-01T16:15:00Z"))
        #expect(second.windowIndex == 1 && second.plannedAt == F.instant("2026-11-01T16:15:00Z"))
        #expect(second.reason.inputs["windows_open"] == [1, 2, 3])
        // 10:59 EST: the first window is still open.
        #expect(plan("2026-11-01T15:59:00Z")?.windowIndex == 0)
        // 21:00 EST: every window has ended; the first is kept and the gate reschedules.
        let late = try #require(plan("2026-11-02T02:00:00Z"))
        #expect(late.windowIndex == 0 && late.plannedAt == F.instant("2026-11-02T02:00:00Z"))
        #expect(late.reason.inputs["windows_open"] == [0, 1, 2, 3])
    }

    @Test(arguments: [(0, 0), (480, 0), (540, 0), (659, 0), (660, 1), (839, 1), (840, 2), (1019, 2), (1020, 3), (1230, 3), (1439, 3)])
    func windowIndexBucketsEveryMinute(minute: Int, expected: Int) {
        #expect(OutreachPlanner.windowIndex(for: minute, in: OutreachPolicy.standard.windows) == expected)
    }

    @Test func windowIndexWithGaps() {
        let windows = [ContactWindow(startMinute: 540, endMinute: 660), ContactWindow(startMinute: 840, endMinute: 1020)]
        #expect(OutreachPlanner.windowIndex(for: 720, in: windows) == 0)
        #expect(OutreachPlanner.windowIndex(for: 1100, in: windows) == 1)
    }
}
