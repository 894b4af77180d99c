import Foundation
import Testing
@testable import ParleyCore
import ParleyStore

/// Scenario helpers on Core's seedable generator, so every run sees the same scenarios.
extension SplitMix64 {
    mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}

/// Random borrowers in random zones, a day-by-day plan of sends pushed through the gate the way the
/// dispatcher will (a reschedule is resubmitted at its new instant, an allowed send joins the history),
/// and independent checks of every decision.
@Suite("Compliance gate properties")
struct ComplianceGatePropertyTests {
    static let zoneNames = ["Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "America/New_York", "America/Chicago",
                            "America/Los_Angeles", "America/Phoenix", "Europe/London", "Europe/Berlin",
                            "Australia/Lord_Howe", "Pacific/Auckland"]
    /// DST changes in 2026–2027 of the zones above (North America, Europe, New Zealand and Lord Howe).
    static let transitionDays = ["2026-03-08", "2026-11-01", "2027-03-14", "2027-11-07", "2026-03-29", "2026-10-25",
                                 "2027-03-28", "2027-10-31", "2026-04-05", "2026-09-27", "2027-04-04", "2027-09-26"]
        .map { CivilDate(iso: $0)! }
    static let scenariosPerSeed = 500
    static let day: Int64 = 86_400

    struct Pending {
        let channel: Channel
        let purpose: MessagePurpose
        var at: Instant
        var attempts: Int
    }

    struct Tally {
        var allowed = 0, rescheduled = 0, dropped = 0, noSlot = 0, allowedOnTransitionDays = 0
        var failures: [String] = []
    }

    @Test(arguments: [UInt64(0x5EED_0001), 0x5EED_0002, 0x5EED_0003, 0x5EED_0004])
    func randomSchedulesNeverBreakTheRules(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var tally = Tally()
        for scenario in 0..<ComplianceGatePropertyTests.scenariosPerSeed {
            runScenario(&random, label: "seed \(seed) scenario \(scenario)", tally: &tally)
        }
        #expect(tally.failures.isEmpty, "\(tally.failures.count) failures, first: \(tally.failures.prefix(8).joined(separator: "\n"))")
        // The generator must actually exercise every outcome, including sends on DST change days.
        #expect(tally.allowed > 1_000)
        #expect(tally.rescheduled > 1_000)
        #expect(tally.dropped > 50)
        #expect(tally.noSlot > 0)
        #expect(tally.allowedOnTransitionDays > 20)
    }

    private func runScenario(_ random: inout SplitMix64, label: String, tally: inout Tally) {
        let zones = FoundationZones.shared
        let zone = random.pick(Self.zoneNames)
        let jurisdiction = random.pick(Jurisdiction.allCases)
        var profile = ComplianceProfile.standard(jurisdiction)
        profile.noContactOnSunday = random.chance(0.2)
        let caps = random.chance(0.5) ? FrequencyCaps.standard(jurisdiction) : randomCaps(&random)

        let startDay: CivilDate
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<7: startDay = random.pick(Self.transitionDays).adding(days: -Int.random(in: 0...2, using: &random))
        case 7..<10: startDay = random.pick(Array(profile.holidays)).adding(days: -Int.random(in: 0...2, using: &random))
        default: startDay = CivilDate(iso: "2026-01-01")!.adding(days: Int.random(in: 0..<(365 + 340), using: &random))
        }
        let start = Instant(date: startDay).adding(seconds: Int64.random(in: 0..<Self.day, using: &random))

        var template = BorrowerContactState(jurisdiction: jurisdiction, timeZone: zone)
        for channel in Channel.allCases where random.chance(0.06) { template.optedOut.insert(channel) }
        if random.chance(0.75) { template.consented.insert(.whatsapp) }
        if random.chance(0.15) {
            let kind = random.pick(HoldKind.allCases)
            template.holds.insert(kind)
            if random.chance(kind == .hardship ? 0.75 : 0.2) {
                template.holdUntil[kind] = start.adding(seconds: Int64.random(in: -Self.day...(12 * Self.day), using: &random))
            }
        }

        // Earlier messages, not necessarily within the caps: the gate must still never add one too many.
        var history: [(channel: Channel, at: Instant)] = (0..<Int.random(in: 0...10, using: &random)).map { _ in
            (random.pick(Channel.allCases), start.adding(seconds: -Int64.random(in: 1...(8 * Self.day), using: &random)))
        }
        var queue: [Pending] = []
        for dayIndex in 0..<10 {
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let at = start.adding(seconds: Int64(dayIndex) * Self.day + Int64.random(in: 0..<Self.day, using: &random))
                queue.append(Pending(channel: random.pick(Channel.allCases),
                                     purpose: random.chance(0.9) ? .collection : .transactional, at: at, attempts: 0))
            }
        }

        func fail(_ message: String) { tally.failures.append("\(label) [\(zone) \(jurisdiction.rawValue)]: \(message)") }

        while let index = queue.indices.min(by: { queue[$0].at < queue[$1].at }) {
            var item = queue.remove(at: index)
            var state = template
            state.recentSends = history.filter { $0.at > item.at.adding(seconds: -8 * Self.day) && $0.at <= item.at }
            func gate(_ at: Instant) -> GateDecision {
                ComplianceGate.decide(channel: item.channel, purpose: item.purpose, at: at, borrower: state,
                                      profile: profile, caps: caps, zones: zones)
            }
            let decision = gate(item.at)
            let expectedDrop = fixedDropRule(state, item)
            let describe = "\(item.channel.rawValue)/\(item.purpose.rawValue) at \(item.at) → \(decision.kind) \(decision.reason.rule)"
            if let expectedDrop {
                if !(decision.kind == "drop" && decision.reason.rule == expectedDrop) { fail("\(describe), expected drop \(expectedDrop)") }
            }
            switch decision {
            case .allow(let reason):
                tally.allowed += 1
                if reason.rule != "ok" { fail("\(describe): allow must say ok") }
                guard item.purpose == .collection else { continue }
                let local = zones.local(item.at, zone: zone)
                if Self.transitionDays.contains(local.date) { tally.allowedOnTransitionDays += 1 }
                if !profile.contactWindow.contains(minuteOfDay: local.minuteOfDay) { fail("\(describe): outside the window at \(local)") }
                if profile.holidays.contains(local.date) { fail("\(describe): on holiday \(local.date)") }
                if profile.noContactOnSunday && local.date.weekdayIndex == 6 { fail("\(describe): on Sunday \(local.date)") }
                for problem in capProblems(history: history, channel: item.channel, at: item.at, localDate: local.date,
                                           caps: caps, zone: zone) {
                    fail("\(describe): \(problem)")
                }
                history.append((item.channel, item.at))
            case .reschedule(let newAt, _):
                tally.rescheduled += 1
                if newAt <= item.at { fail("\(describe): rescheduled to \(newAt), not later") }
                if item.purpose == .transactional { fail("\(describe): transactional messages are never rescheduled") }
                // The slot is one the gate itself accepts, and the second before it is not.
                let atSlot = gate(newAt)
                if atSlot.kind != "allow" { fail("\(describe): resubmitting at \(newAt) gave \(atSlot.kind) \(atSlot.reason.rule)") }
                let justBefore = newAt.adding(seconds: -1)
                if justBefore > item.at, gate(justBefore).kind == "allow" { fail("\(describe): \(justBefore) was already allowed") }
                item.at = newAt
                item.attempts += 1
                if item.attempts > 40 { fail("\(describe): rescheduled more than 40 times"); continue }
                queue.append(item)
            case .drop(let reason):
                tally.dropped += 1
                if reason.rule == "schedule.no_slot" { tally.noSlot += 1 }
                if expectedDrop == nil && reason.rule != "schedule.no_slot" { fail("\(describe): unexpected drop") }
            }
        }
    }

    /// The drop the fixed rules demand, worked out independently of the gate.
    private func fixedDropRule(_ state: BorrowerContactState, _ item: Pending) -> String? {
        let active = state.holds.filter { kind in state.holdUntil[kind].map { $0 > item.at } ?? true }
        if active.contains(.deceased) { return "hold.deceased" }
        if active.contains(.cease) { return "hold.cease" }
        if state.optedOut.contains(item.channel) { return "optout.\(item.channel.rawValue)" }
        if item.channel == .whatsapp && !state.consented.contains(.whatsapp) { return "consent.missing.whatsapp" }
        if item.purpose == .transactional { return nil }
        if active.contains(.dispute) { return "hold.dispute" }
        if active.contains(.legal) { return "hold.legal" }
        if active.contains(.hardship) && state.holdUntil[.hardship] == nil { return "hold.hardship" }
        return nil
    }

    /// Recounts the history by hand: one more message at `at` must keep every cap.
    private func capProblems(history: [(channel: Channel, at: Instant)], channel: Channel, at: Instant, localDate: CivilDate,
                             caps: FrequencyCaps, zone: String) -> [String] {
        let zones = FoundationZones.shared
        let sameDay = history.filter { zones.local($0.at, zone: zone).date == localDate }
        let lastWeek = history.filter { $0.at.secondsSinceEpoch > at.secondsSinceEpoch - 7 * Self.day && $0.at <= at }
        var problems: [String] = []
        if sameDay.count + 1 > caps.overallPerDay { problems.append("overall per day \(sameDay.count + 1) > \(caps.overallPerDay)") }
        if let cap = caps.perChannelPerDay[channel], sameDay.filter({ $0.channel == channel }).count + 1 > cap {
            problems.append("channel per day over \(cap)")
        }
        if lastWeek.count + 1 > caps.overallPer7Days { problems.append("overall per 7 days \(lastWeek.count + 1) > \(caps.overallPer7Days)") }
        if let cap = caps.perChannelPer7Days[channel], lastWeek.filter({ $0.channel == channel }).count + 1 > cap {
            problems.append("channel per 7 days over \(cap)")
        }
        return problems
    }

    private func randomCaps(_ random: inout SplitMix64) -> FrequencyCaps {
        var perDay: [Channel: Int] = [:], perWeek: [Channel: Int] = [:]
        for channel in Channel.allCases {
            if random.chance(0.8) { perDay[channel] = random.chance(0.04) ? 0 : Int.random(in: 1...2, using: &random) }
            if random.chance(0.7) { perWeek[channel] = Int.random(in: 1...5, using: &random) }
        }
        return FrequencyCaps(perChannelPerDay: perDay, overallPerDay: Int.random(in: 1...4, using: &random),
                             overallPer7Days: Int.random(in: 2...10, using: &random), perChannelPer7Days: perWeek)
    }
}
