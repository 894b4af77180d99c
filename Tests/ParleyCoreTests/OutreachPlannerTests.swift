import Testing
@testable import ParleyCore

@Suite("Outreach planner: cadence, reachability and behaviour")
struct OutreachPlannerTests {
    typealias F = PlannerFixtures

    @Test func cadenceDayMapping() {
        var random = SplitMix64(seed: 5)
        var planned: [Int: PlannedOutreach] = [:]
        for day in 0...40 {
            if let plan = OutreachPlanner.plan(F.subject(day: day), policy: F.policy(adaptive: false), stats: SegmentStats(),
                                               zones: F.zones, random: &random) {
                planned[day] = plan.planned
            }
        }
        #expect(planned.keys.sorted() == [0, 1, 3, 7, 14, 30])
        #expect(planned[0]?.template == .missedEMI && planned[0]?.channel == .whatsapp)
        #expect(planned[1]?.template == .invitation && planned[3]?.template == .reminder)
        #expect(planned[14]?.template == .offerExpiring && planned[14]?.channel == .sms)
        #expect(planned[30]?.template == .escalationNotice && planned[30]?.channel == .email)
        #expect(planned.values.allSatisfy { $0.purpose == .collection && $0.windowIndex == 0 })
    }

    @Test func nonAdaptiveFollowsTheStep() throws {
        let plan = try #require(F.planned(F.subject(day: 3)))
        #expect(plan.channel == .sms)
        #expect(plan.fallbacks == [.whatsapp, .push, .email])
        #expect(plan.window == ContactWindow(startMinute: 540, endMinute: 660))
        #expect(plan.plannedAt == F.instant("2026-03-10T03:30:00Z"))  // 09:00 IST
        #expect(plan.reason.rule == "cadence.day3")
        #expect(plan.reason.summary == "Day 3 reminder by SMS at 09:00–11:00: the first channel of the cadence step and the first open window.")
        #expect(plan.reason.inputs["step"] == ["day": 3, "template": "reminder", "channels": ["sms", "whatsapp", "push", "email"]])
        #expect(plan.reason.inputs["rules_applied"] == ["cadence.day3"])
        #expect(plan.reason.inputs["arms"] == nil)
        #expect(plan.json["planned_at"] == "2026-03-10T03:30:00Z")
    }

    @Test func nonAdaptiveIgnoresTheRandomSource() {
        #expect(F.planned(F.subject(day: 7), seed: 1) == F.planned(F.subject(day: 7), seed: 999))
        var used = SplitMix64(seed: 4), fresh = SplitMix64(seed: 4)
        _ = OutreachPlanner.plan(F.subject(day: 7), policy: F.policy(adaptive: false), stats: SegmentStats(), zones: F.zones, random: &used)
        #expect(used.next() == fresh.next())
    }

    @Test func optedOutAndUnconsentedChannelsAreExcludedWithTheReason() throws {
        let contact = ContactPoints(hasPhone: true, hasEmail: true, hasPushToken: false)
        let subject = F.subject(day: 3, contact: contact, optedOut: [.sms], consented: [])
        let plan = try #require(F.planned(subject))
        #expect(plan.channel == .email)
        #expect(plan.fallbacks == [])
        #expect(plan.reason.rule == "preference.only_reachable")
        #expect(plan.reason.summary == "Day 3 reminder by email at 09:00–11:00: the first channel of the step the borrower can be "
                + "reached on (opted out of SMS; no WhatsApp opt-in; no app push token).")
        #expect(plan.reason.inputs["excluded"] == ["sms": "opted_out", "whatsapp": "no_consent", "push": "no_push_token"])
        #expect(plan.reason.inputs["reachable"] == ["email"])

        let adaptive = try #require(F.planned(subject, adaptive: true))
        #expect(adaptive.channel == .email)
        let arms = try #require(adaptive.reason.inputs["arms"]?.arrayValue)
        #expect(arms.count == 4 && arms.allSatisfy { $0["channel"] == "email" })
    }

    @Test func noReachableChannelIsRecorded() throws {
        var random = SplitMix64(seed: 1)
        let subject = F.subject(day: 30, contact: ContactPoints(hasPhone: true, hasEmail: false, hasPushToken: true), optedOut: [.sms])
        let plan = try #require(OutreachPlanner.plan(subject, policy: .standard, stats: SegmentStats(), zones: F.zones, random: &random))
        guard case .unreachable(let step, let reason) = plan else { Issue.record("expected unreachable, got \(plan)"); return }
        #expect(step.day == 30)
        #expect(reason.rule == "preference.no_reachable_channel")
        #expect(reason.summary == "Day 30 escalation notice not sent: none of its channels can reach the borrower "
                + "(no email address; opted out of SMS).")
        #expect(plan.json["decision"] == "skip")
    }

    @Test func aRecentReplyGoesFirst() throws {
        let behaviour = ContactBehaviour(lastInbound: [.whatsapp: F.instant("2026-03-05T10:00:00Z"), .email: F.instant("2026-03-01T10:00:00Z")])
        let plan = try #require(F.planned(F.subject(day: 3, behaviour: behaviour)))
        #expect(plan.channel == .whatsapp)
        #expect(plan.fallbacks == [.sms, .push, .email])
        #expect(plan.reason.rule == "behaviour.replied_on_whatsapp")
        #expect(plan.reason.summary == "Day 3 reminder by WhatsApp at 09:00–11:00: the borrower replied on WhatsApp on 2026-03-05, "
                + "so WhatsApp goes first.")
        #expect(plan.reason.inputs["replied"] == ["channel": "whatsapp", "local_date": "2026-03-05"])

        let adaptive = try #require(F.planned(F.subject(day: 3, behaviour: behaviour), adaptive: true, stats: smsIsBest))
        #expect(adaptive.channel == .whatsapp)
        #expect(adaptive.reason.rule == "behaviour.replied_on_whatsapp")
        #expect(adaptive.reason.summary.hasSuffix("so WhatsApp goes first; the window was chosen by Thompson sampling."))
        #expect(adaptive.reason.inputs["arms"]?.arrayValue?.allSatisfy { $0["channel"] == "whatsapp" } == true)
    }

    @Test func oldOrUnreachableRepliesDoNotCount() throws {
        let old = ContactBehaviour(lastInbound: [.whatsapp: F.instant("2026-02-07T23:59:59Z")])  // 30 days and a second
        #expect(F.planned(F.subject(day: 3, behaviour: old))?.channel == .sms)
        let optedOut = ContactBehaviour(lastInbound: [.sms: F.instant("2026-03-09T10:00:00Z")])
        #expect(F.planned(F.subject(day: 3, optedOut: [.sms], behaviour: optedOut))?.channel == .whatsapp)
        let exactly30Days = ContactBehaviour(lastInbound: [.email: F.instant("2026-02-08T00:00:00Z")])
        #expect(F.planned(F.subject(day: 3, behaviour: exactly30Days))?.channel == .email)
    }

    @Test func aChannelThatNeverDeliversGoesLast() throws {
        let failing = ContactBehaviour(arms: [OutreachArm(channel: .sms, window: 0): EngagementCounts(sent: 2, failed: 2),
                                              OutreachArm(channel: .sms, window: 2): EngagementCounts(sent: 1)])
        let plan = try #require(F.planned(F.subject(day: 3, behaviour: failing)))
        #expect(plan.channel == .whatsapp)
        #expect(plan.fallbacks == [.push, .email, .sms])
        #expect(plan.reason.rule == "behaviour.undelivered_on_sms")
        #expect(plan.reason.summary == "Day 3 reminder by WhatsApp at 09:00–11:00: SMS is tried last because 3 SMS messages never arrived.")

        var delivered = failing
        delivered.arms[OutreachArm(channel: .sms, window: 1)] = EngagementCounts(sent: 1, delivered: 1)
        #expect(F.planned(F.subject(day: 3, behaviour: delivered))?.channel == .sms)
        let twoOnly = ContactBehaviour(arms: [OutreachArm(channel: .sms, window: 0): EngagementCounts(sent: 2, failed: 2)])
        #expect(F.planned(F.subject(day: 3, behaviour: twoOnly))?.channel == .sms)
    }

    @Test func behaviourHelpers() {
        let behaviour = ContactBehaviour(arms: [OutreachArm(channel: .email, window: 0): EngagementCounts(sent: 2, delivered: 1, read: 1),
                                                OutreachArm(channel: .email, window: 3): EngagementCounts(sent: 1, clicked: 1)],
                                         lastInbound: [.whatsapp: F.instant("2026-03-09T12:00:00Z")])
        #expect(behaviour.totals(for: .email) == EngagementCounts(sent: 3, delivered: 1, read: 1, clicked: 1))
        #expect(behaviour.neverDelivers(.email) == false)
        #expect(behaviour.whatsAppSessionOpen(at: F.instant("2026-03-10T11:59:59Z")))
        #expect(!behaviour.whatsAppSessionOpen(at: F.instant("2026-03-10T12:00:00Z")))
        #expect(EngagementCounts(sent: 4, delivered: 0, read: 1).everDelivered)
    }

    var smsIsBest: SegmentStats {
        let segment = F.subject(day: 3).segment
        var stats = SegmentStats()
        for channel in Channel.allCases {
            for window in 0..<4 {
                let best = channel == .sms && window == 2
                stats.record(segment: segment, arm: OutreachArm(channel: channel, window: window), trials: 50, successes: best ? 40 : 0)
            }
        }
        return stats
    }
}
