import Foundation
import Testing
@testable import ParleyCore
import ParleyStore

private let zones = FoundationZones.shared

private func utc(_ text: String) -> Instant {
    guard let instant = Instant(iso: text) else { preconditionFailure("bad instant \(text)") }
    return instant
}

/// The instant a zone's wall clock reads `text` (`YYYY-MM-DDTHH:MM`).
private func wall(_ text: String, _ zone: String) -> Instant {
    let parts = text.split(separator: "T")
    let clock = parts[1].split(separator: ":").map { Int($0)! }
    return zones.instant(LocalDateTime(date: CivilDate(iso: parts[0])!, hour: clock[0], minute: clock[1]), zone: zone)
}

private func borrower(_ jurisdiction: Jurisdiction, _ zone: String, consented: Set<Channel> = [.whatsapp],
                      optedOut: Set<Channel> = [], holds: Set<HoldKind> = [], holdUntil: [HoldKind: Instant] = [:],
                      sends: [(channel: Channel, at: Instant)] = []) -> BorrowerContactState {
    BorrowerContactState(jurisdiction: jurisdiction, timeZone: zone, optedOut: optedOut, consented: consented,
                         holds: holds, holdUntil: holdUntil, recentSends: sends)
}

private func decide(_ channel: Channel = .sms, _ purpose: MessagePurpose = .collection, at: Instant,
                    _ state: BorrowerContactState, profile: ComplianceProfile? = nil, caps: FrequencyCaps? = nil) -> GateDecision {
    ComplianceGate.decide(channel: channel, purpose: purpose, at: at, borrower: state,
                          profile: profile ?? .standard(state.jurisdiction), caps: caps ?? .standard(state.jurisdiction),
                          zones: zones)
}

private func rescheduledAt(_ decision: GateDecision) -> Instant? {
    if case .reschedule(let at, _) = decision { return at }
    return nil
}

private func isAllow(_ decision: GateDecision) -> Bool {
    if case .allow = decision { return true }
    return false
}

private func isDrop(_ decision: GateDecision) -> Bool {
    if case .drop = decision { return true }
    return false
}

@Suite("Compliance gate: hours, DST, holidays, caps, holds")
struct ComplianceGateTests {
    // MARK: contact hours

    @Test func indiaWindowBoundaries() {
        let state = borrower(.india, "Asia/Kolkata")
        let early = decide(at: utc("2026-06-10T02:29:00Z"), state) // 07:59 IST
        #expect(rescheduledAt(early) == utc("2026-06-10T02:30:00Z"))
        #expect(early.reason.rule == "hours.outside_window")
        #expect(early.reason.inputs["requested_local"] == "2026-06-10T07:59")
        #expect(early.reason.inputs["scheduled_local"] == "2026-06-10T08:00")

        let opening = decide(at: utc("2026-06-10T02:30:00Z"), state) // 08:00 IST
        #expect(isAllow(opening))
        #expect(opening.reason.rule == "ok")
        #expect(isAllow(decide(at: utc("2026-06-10T13:29:59Z"), state))) // 18:59:59 IST

        let closing = decide(at: utc("2026-06-10T13:30:00Z"), state) // 19:00 IST
        #expect(rescheduledAt(closing) == utc("2026-06-11T02:30:00Z"))
        #expect(closing.reason.rule == "hours.outside_window")
        #expect(closing.reason.inputs["blocked"]?["side"] == "at_or_after_end")
    }

    @Test(arguments: [
        (Jurisdiction.unitedStates, "America/New_York", "2026-06-10T12:00:00Z", "2026-06-11T12:00:00Z"),
        (.unitedStates, "America/Los_Angeles", "2026-06-10T15:00:00Z", "2026-06-11T15:00:00Z"),
        (.unitedKingdom, "Europe/London", "2026-06-10T07:00:00Z", "2026-06-11T07:00:00Z"),
        (.india, "Asia/Kolkata", "2026-06-10T02:30:00Z", "2026-06-11T02:30:00Z"),
    ])
    func windowEdgesInEachProfile(jurisdiction: Jurisdiction, zone: String, opening: String, nextOpening: String) {
        let state = borrower(jurisdiction, zone)
        let end = jurisdiction == .india ? "19:00" : "21:00"
        let last = jurisdiction == .india ? "18:59" : "20:59"
        #expect(rescheduledAt(decide(at: wall("2026-06-10T07:59", zone), state)) == utc(opening))
        #expect(isAllow(decide(at: wall("2026-06-10T08:00", zone), state)))
        #expect(isAllow(decide(at: wall("2026-06-10T\(last)", zone), state)))
        let atEnd = decide(at: wall("2026-06-10T\(end)", zone), state)
        #expect(rescheduledAt(atEnd) == utc(nextOpening))
        #expect(atEnd.reason.rule == "hours.outside_window")
        #expect(rescheduledAt(decide(at: wall("2026-06-10T23:30", zone), state)) == utc(nextOpening))
    }

    // MARK: daylight saving time

    @Test(arguments: [
        // US spring forward, Sunday 8 March 2026: 08:00 EDT is 12:00Z (EST would give 13:00Z).
        ("America/New_York", "2026-03-08T06:30:00Z", "2026-03-08T12:00:00Z"), // 01:30 EST
        ("America/New_York", "2026-03-08T07:30:00Z", "2026-03-08T12:00:00Z"), // 03:30 EDT
        ("America/New_York", "2026-03-08T02:00:00Z", "2026-03-08T12:00:00Z"), // 21:00 EST on the 7th
        ("America/Los_Angeles", "2026-03-08T05:00:00Z", "2026-03-08T15:00:00Z"), // 21:00 PST on the 7th
        // GB spring forward, Sunday 29 March 2026: 08:00 BST is 07:00Z.
        ("Europe/London", "2026-03-28T21:30:00Z", "2026-03-29T07:00:00Z"),
        ("Europe/London", "2026-03-29T01:30:00Z", "2026-03-29T07:00:00Z"), // 02:30 BST, just after the gap
        // GB fall back, Sunday 25 October 2026: 08:00 GMT is 08:00Z.
        ("Europe/London", "2026-10-24T21:00:00Z", "2026-10-25T08:00:00Z"), // 22:00 BST
        ("Europe/London", "2026-10-25T00:30:00Z", "2026-10-25T08:00:00Z"), // 01:30 BST (first)
        ("Europe/London", "2026-10-25T01:30:00Z", "2026-10-25T08:00:00Z"), // 01:30 GMT (second)
        // US fall back, Sunday 1 November 2026: 08:00 EST is 13:00Z, 08:00 PST is 16:00Z.
        ("America/New_York", "2026-11-01T03:00:00Z", "2026-11-01T13:00:00Z"), // 23:00 EDT on the 31st
        ("America/New_York", "2026-11-01T06:30:00Z", "2026-11-01T13:00:00Z"), // 01:30 EST (second)
        ("America/Los_Angeles", "2026-11-01T06:00:00Z", "2026-11-01T16:00:00Z"), // 23:00 PDT on the 31st
    ])
    func rescheduleLandsOnEightLocalAcrossDST(zone: String, request: String, expected: String) {
        let jurisdiction: Jurisdiction = zone.hasPrefix("Europe") ? .unitedKingdom : .unitedStates
        let decision = decide(at: utc(request), borrower(jurisdiction, zone))
        #expect(rescheduledAt(decision) == utc(expected))
        #expect(decision.reason.rule == "hours.outside_window")
        if let at = rescheduledAt(decision) {
            #expect(zones.local(at, zone: zone).minuteOfDay == 8 * 60)
        }
    }

    @Test func resolverHandlesGapsAndOverlaps() {
        // 02:30 does not exist in New York on 2026-03-08: the first valid instant after is 03:00 EDT = 07:00Z.
        #expect(wall("2026-03-08T02:30", "America/New_York") == utc("2026-03-08T07:00:00Z"))
        // 01:30 happens twice in London on 2026-10-25: the earlier is 01:30 BST = 00:30Z.
        #expect(wall("2026-10-25T01:30", "Europe/London") == utc("2026-10-25T00:30:00Z"))
        #expect(zones.local(utc("2026-03-08T07:00:00Z"), zone: "America/New_York").description == "2026-03-08T03:00")
        #expect(zones.local(utc("2026-06-10T02:15:00Z"), zone: "Asia/Kathmandu").description == "2026-06-10T08:00")
        #expect(zones.local(utc("2026-06-10T10:30:00Z"), zone: "America/St_Johns").description == "2026-06-10T08:00")
    }

    // MARK: holidays and Sundays

    @Test func christmasInEnglandSkipsBoxingDay() {
        let state = borrower(.unitedKingdom, "Europe/London")
        let decision = decide(at: utc("2026-12-25T10:00:00Z"), state)
        // 25 and 26 December are holidays (26th a Saturday, substitute Monday 28th); Sunday 27th is open by default.
        #expect(rescheduledAt(decision) == utc("2026-12-27T08:00:00Z"))
        #expect(decision.reason.rule == "holiday")
        #expect(decision.reason.summary.contains("2026-12-25 is a holiday"))

        var closedSundays = ComplianceProfile.standard(.unitedKingdom)
        closedSundays.noContactOnSunday = true
        let strict = decide(at: utc("2026-12-25T10:00:00Z"), state, profile: closedSundays)
        #expect(rescheduledAt(strict) == utc("2026-12-29T08:00:00Z"))

        let eveningBefore = decide(at: utc("2026-12-24T21:00:00Z"), state)
        #expect(rescheduledAt(eveningBefore) == utc("2026-12-27T08:00:00Z"))
        #expect(eveningBefore.reason.rule == "hours.outside_window")
        #expect(eveningBefore.reason.inputs["rules_applied"] == ["hours.outside_window"]) // the next opening already skips holidays
    }

    @Test func sundayRuleWhenConfigured() {
        var profile = ComplianceProfile.standard(.india)
        profile.noContactOnSunday = true
        let state = borrower(.india, "Asia/Kolkata")
        let sunday = decide(at: utc("2026-06-14T05:00:00Z"), state, profile: profile) // Sunday 10:30 IST
        #expect(rescheduledAt(sunday) == utc("2026-06-15T02:30:00Z"))
        #expect(sunday.reason.rule == "sunday")
        #expect(isAllow(decide(at: utc("2026-06-14T05:00:00Z"), state)))
    }

    @Test(arguments: [
        (Jurisdiction.unitedStates, "America/New_York", "2026-12-25T15:00:00Z", "2026-12-26T13:00:00Z"),
        (.unitedStates, "America/New_York", "2026-07-03T14:00:00Z", "2026-07-05T12:00:00Z"), // observed 3rd, and the 4th
        (.unitedStates, "America/Los_Angeles", "2026-11-26T18:00:00Z", "2026-11-27T16:00:00Z"), // Thanksgiving
        (.india, "Asia/Kolkata", "2026-01-26T05:00:00Z", "2026-01-27T02:30:00Z"), // Republic Day
        (.india, "Asia/Kolkata", "2026-10-01T14:00:00Z", "2026-10-03T02:30:00Z"), // 19:30 IST, then Gandhi Jayanti
        (.unitedKingdom, "Europe/London", "2026-04-03T09:00:00Z", "2026-04-04T07:00:00Z"), // Good Friday
        (.unitedKingdom, "Europe/London", "2026-04-05T20:30:00Z", "2026-04-07T07:00:00Z"), // 21:30 BST, Easter Monday next
    ])
    func holidaysRescheduleToTheNextOpenDay(jurisdiction: Jurisdiction, zone: String, request: String, expected: String) {
        let decision = decide(at: utc(request), borrower(jurisdiction, zone))
        #expect(rescheduledAt(decision) == utc(expected))
    }

    @Test func holidayIsTheBorrowersLocalDate() {
        // 24 Dec 23:30 in Los Angeles is already 25 Dec in UTC; the borrower's day is what counts.
        let state = borrower(.unitedStates, "America/Los_Angeles")
        let decision = decide(at: utc("2026-12-25T07:30:00Z"), state)
        #expect(decision.reason.rule == "hours.outside_window")
        #expect(rescheduledAt(decision) == utc("2026-12-26T16:00:00Z"))
    }

    // MARK: frequency caps

    @Test func eighthMessageInSevenDaysWaitsForTheOldest() {
        let channels: [Channel] = [.sms, .email, .push, .whatsapp, .sms, .email, .push]
        let sends = channels.enumerated().map { index, channel in
            (channel: channel, at: utc("2026-06-0\(index + 1)T14:00:00Z")) // 10:00 EDT each day
        }
        let state = borrower(.unitedStates, "America/New_York", sends: sends)
        let decision = decide(.whatsapp, at: utc("2026-06-07T18:00:00Z"), state)
        #expect(rescheduledAt(decision) == utc("2026-06-08T14:00:00Z"))
        #expect(decision.reason.rule == "cap.overall_per_7_days")
        #expect(decision.reason.inputs["counts"]?["overall_per_7_days"] == 7)
        #expect(decision.reason.inputs["counts_at_slot"]?["overall_per_7_days"] == 6)
        #expect(decision.reason.inputs["caps"]?["overall_per_7_days"] == 7)
        // One second before the oldest ages out is still too early.
        #expect(!isAllow(decide(.whatsapp, at: utc("2026-06-08T13:59:59Z"), state)))
        #expect(isAllow(decide(.whatsapp, at: utc("2026-06-08T14:00:00Z"), state)))
    }

    @Test func capFreesOutsideTheWindowSoTheNextOpeningIsUsed() {
        var sends: [(channel: Channel, at: Instant)] = [(.sms, utc("2026-06-01T02:00:00Z"))] // 22:00 EDT on 31 May
        let channels: [Channel] = [.email, .push, .whatsapp, .sms, .email, .push]
        for (index, channel) in channels.enumerated() { sends.append((channel, utc("2026-06-0\(index + 2)T14:00:00Z"))) }
        let state = borrower(.unitedStates, "America/New_York", sends: sends)
        let decision = decide(.whatsapp, at: utc("2026-06-07T22:00:00Z"), state)
        // The oldest ages out at 22:00 EDT on 7 June, after the window; the next opening is 08:00 EDT on the 8th.
        #expect(rescheduledAt(decision) == utc("2026-06-08T12:00:00Z"))
        #expect(decision.reason.rule == "cap.overall_per_7_days")
        #expect(decision.reason.inputs["rules_applied"] == ["cap.overall_per_7_days", "hours.outside_window"])
    }

    @Test func perDayCapsCountTheBorrowersLocalDay() {
        // 00:30 IST on 10 June is still 9 June in UTC, but the same local day as 08:30 IST.
        let state = borrower(.india, "Asia/Kolkata", sends: [(.sms, utc("2026-06-09T19:00:00Z"))])
        let second = decide(.sms, at: utc("2026-06-10T03:00:00Z"), state)
        #expect(second.reason.rule == "cap.channel_per_day")
        #expect(rescheduledAt(second) == utc("2026-06-11T02:30:00Z"))
        #expect(isAllow(decide(.email, at: utc("2026-06-10T03:00:00Z"), state)))

        let busy = borrower(.india, "Asia/Kolkata", sends: [(.sms, utc("2026-06-10T03:00:00Z")),
                                                            (.email, utc("2026-06-10T04:00:00Z")),
                                                            (.push, utc("2026-06-10T05:00:00Z"))])
        let fourth = decide(.whatsapp, at: utc("2026-06-10T06:00:00Z"), busy)
        #expect(fourth.reason.rule == "cap.overall_per_day")
        #expect(rescheduledAt(fourth) == utc("2026-06-11T02:30:00Z"))
        #expect(fourth.reason.inputs["counts"]?["overall_per_day"] == 3)
    }

    @Test func perChannelWeeklyCap() {
        let sends = (1...3).map { (channel: Channel.sms, at: utc("2026-06-0\($0)T05:00:00Z")) }
        let state = borrower(.india, "Asia/Kolkata", sends: sends)
        let decision = decide(.sms, at: utc("2026-06-05T05:00:00Z"), state)
        #expect(decision.reason.rule == "cap.channel_per_7_days")
        #expect(rescheduledAt(decision) == utc("2026-06-08T05:00:00Z"))
    }

    @Test func plannedLaterSendsCountInEveryWindowTheyShare() {
        // Caps of 2 in 7 days: a send the day before and one already planned for the day after.
        var caps = FrequencyCaps.standard(.unitedStates)
        caps.overallPer7Days = 2
        let state = borrower(.unitedStates, "America/New_York",
                             sends: [(.email, utc("2026-06-09T14:00:00Z")), (.push, utc("2026-06-11T14:00:00Z"))])
        let decision = decide(.sms, at: utc("2026-06-10T14:00:00Z"), state, caps: caps)
        // Any time before the send of the 9th ages out would put three messages in one 7-day window.
        #expect(rescheduledAt(decision) == utc("2026-06-16T14:00:00Z"))
        #expect(decision.reason.rule == "cap.overall_per_7_days")
        #expect(decision.reason.inputs["blocked"]?["window_end"] == "2026-06-11T14:00:00Z")
    }

    @Test func aClosedChannelHasNoSlot() {
        var caps = FrequencyCaps.standard(.india)
        caps.perChannelPer7Days[.push] = 0
        let decision = decide(.push, at: utc("2026-06-10T05:00:00Z"), borrower(.india, "Asia/Kolkata"), caps: caps)
        #expect(isDrop(decision))
        #expect(decision.reason.rule == "schedule.no_slot")
        #expect(decision.reason.summary.contains("cap.channel_per_7_days"))
    }

    @Test func capsFromPolicy() throws {
        let json = try JSONParser.parse(#"{"overall_per_7_days": 5, "per_channel_per_day": {"sms": 2}}"#)
        let caps = try FrequencyCaps.from(json, defaults: .standard(.unitedStates))
        #expect(caps.overallPer7Days == 5)
        #expect(caps.perChannelPerDay[.sms] == 2)
        #expect(caps.perChannelPerDay[.email] == 1)
        #expect(throws: PolicyError(field: "frequency_caps.per_channel_per_day.fax", reason: "unknown channel (known: email, push, sms, whatsapp)")) {
            try FrequencyCaps.from(["per_channel_per_day": ["fax": 1]], defaults: .standard(.india))
        }
        #expect(throws: PolicyError.self) { try FrequencyCaps.from(["overall_per_day": -1], defaults: .standard(.india)) }
    }

    // MARK: holds, opt-out, consent

    @Test(arguments: [
        (HoldKind.deceased, "hold.deceased"), (.cease, "hold.cease"), (.dispute, "hold.dispute"), (.legal, "hold.legal"),
        (.hardship, "hold.hardship"),
    ])
    func holdsDropCollectionMessages(kind: HoldKind, rule: String) {
        let decision = decide(at: utc("2026-06-10T05:00:00Z"), borrower(.india, "Asia/Kolkata", holds: [kind]))
        #expect(isDrop(decision))
        #expect(decision.reason.rule == rule)
        #expect(decision.reason.inputs["holds"] == [.string(kind.rawValue)])
    }

    @Test func deceasedComesFirstAndStopsEvenTransactionalMessages() {
        let state = borrower(.india, "Asia/Kolkata", optedOut: [.sms], holds: [.cease, .deceased, .dispute])
        #expect(decide(at: utc("2026-06-10T05:00:00Z"), state).reason.rule == "hold.deceased")
        #expect(decide(.sms, .transactional, at: utc("2026-06-10T05:00:00Z"), state).reason.rule == "hold.deceased")
        let cease = borrower(.india, "Asia/Kolkata", holds: [.cease])
        #expect(isDrop(decide(.email, .transactional, at: utc("2026-06-10T05:00:00Z"), cease)))
    }

    @Test func disputeAndLegalHoldsLetTransactionalMessagesThrough() {
        let state = borrower(.unitedStates, "America/New_York", holds: [.dispute, .legal, .hardship])
        #expect(isAllow(decide(.sms, .transactional, at: utc("2026-06-10T15:00:00Z"), state)))
    }

    @Test func hardshipPauseReschedulesToItsEnd() {
        let end = utc("2026-06-20T06:00:00Z") // 11:30 IST
        let state = borrower(.india, "Asia/Kolkata", holds: [.hardship], holdUntil: [.hardship: end])
        let decision = decide(at: utc("2026-06-10T05:00:00Z"), state)
        #expect(rescheduledAt(decision) == end)
        #expect(decision.reason.rule == "hold.hardship")
        #expect(decision.reason.inputs["hold_until"] == "2026-06-20T06:00:00Z")

        // Ending at night: the first window opening after it.
        let night = borrower(.india, "Asia/Kolkata", holds: [.hardship], holdUntil: [.hardship: utc("2026-06-20T18:00:00Z")])
        let later = decide(at: utc("2026-06-10T05:00:00Z"), night)
        #expect(rescheduledAt(later) == utc("2026-06-21T02:30:00Z"))
        #expect(later.reason.rule == "hold.hardship")
        #expect(later.reason.inputs["rules_applied"] == ["hold.hardship", "hours.outside_window"])

        // Once it has ended it no longer applies.
        #expect(isAllow(decide(at: utc("2026-06-22T05:00:00Z"), state)))
    }

    @Test func optOutIsPerChannel() {
        let state = borrower(.unitedKingdom, "Europe/London", optedOut: [.sms])
        let sms = decide(.sms, at: utc("2026-06-10T10:00:00Z"), state)
        #expect(isDrop(sms))
        #expect(sms.reason.rule == "optout.sms")
        #expect(isDrop(decide(.sms, .transactional, at: utc("2026-06-10T10:00:00Z"), state)))
        #expect(isAllow(decide(.email, at: utc("2026-06-10T10:00:00Z"), state)))
    }

    @Test func whatsappNeedsOptIn() {
        let without = borrower(.india, "Asia/Kolkata", consented: [])
        let decision = decide(.whatsapp, at: utc("2026-06-10T05:00:00Z"), without)
        #expect(isDrop(decision))
        #expect(decision.reason.rule == "consent.missing.whatsapp")
        #expect(isDrop(decide(.whatsapp, .transactional, at: utc("2026-06-10T05:00:00Z"), without)))
        #expect(isAllow(decide(.sms, at: utc("2026-06-10T05:00:00Z"), without)))
        #expect(isAllow(decide(.whatsapp, at: utc("2026-06-10T05:00:00Z"), borrower(.india, "Asia/Kolkata"))))
    }

    // MARK: transactional and explanations

    @Test func transactionalIgnoresHoursHolidaysAndCaps() {
        let sends = (1...7).map { (channel: Channel.sms, at: utc("2026-12-2\($0)T10:00:00Z")) }
        let state = borrower(.unitedKingdom, "Europe/London", sends: sends)
        let night = utc("2026-12-25T03:00:00Z") // 03:00 on Christmas Day, caps long exceeded
        #expect(!isAllow(decide(.sms, at: night, state)))
        let decision = decide(.sms, .transactional, at: night, state)
        #expect(isAllow(decision))
        #expect(decision.reason.rule == "ok")
        #expect(decision.reason.inputs["purpose"] == "transactional")
    }

    @Test func allowExplainsWhatTheGateSaw() {
        let state = borrower(.india, "Asia/Kolkata", sends: [(.email, utc("2026-06-09T05:00:00Z"))])
        let decision = decide(.sms, at: utc("2026-06-10T05:00:00Z"), state)
        #expect(isAllow(decision))
        let inputs = decision.reason.inputs
        #expect(inputs["zone"] == "Asia/Kolkata")
        #expect(inputs["requested_local"] == "2026-06-10T10:30")
        #expect(inputs["window"] == ["start": "08:00", "end": "19:00"])
        #expect(inputs["counts"]?["overall_per_7_days"] == 1)
        #expect(inputs["caps"]?["overall_per_day"] == 3)
        #expect(decision.reason.summary == "Allowed: 10:30 on 2026-06-10 in Asia/Kolkata is inside 08:00–19:00 and within every frequency cap.")
        #expect(decision.json["decision"] == "allow")
    }

    @Test func rescheduleSummaryIsOneSentence() {
        let decision = decide(at: utc("2026-06-10T13:30:00Z"), borrower(.india, "Asia/Kolkata"))
        #expect(decision.reason.summary
            == "Rescheduled to 2026-06-11 08:00 Asia/Kolkata time: 19:00 local time is outside the contact window 08:00–19:00.")
        #expect(decision.json["at"] == "2026-06-11T02:30:00Z")
    }

    @Test func builtInHolidaysAreRealDates() {
        // Fixed-weekday holidays land on the right weekday (0 = Monday).
        let us = ComplianceProfile.standard(.unitedStates).holidays
        for (text, weekday) in [("2026-01-19", 0), ("2026-11-26", 3), ("2027-11-25", 3), ("2026-09-07", 0), ("2027-05-31", 0)] {
            #expect(us.contains(CivilDate(iso: text)!) && CivilDate(iso: text)!.weekdayIndex == weekday)
        }
        let gb = ComplianceProfile.standard(.unitedKingdom).holidays
        #expect(gb.count == 19)
        #expect(gb.contains(CivilDate(iso: "2026-12-28")!) && gb.contains(CivilDate(iso: "2026-04-06")!))
        let india = ComplianceProfile.standard(.india).holidays
        for text in ["2026-01-26", "2026-08-15", "2026-10-02", "2027-01-26", "2027-08-15", "2027-10-02"] {
            #expect(india.contains(CivilDate(iso: text)!))
        }
    }
}
