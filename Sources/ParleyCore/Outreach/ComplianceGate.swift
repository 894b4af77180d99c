/// The compliance gate every message passes before it goes to a borrower: allow, reschedule or drop,
/// always with the rule and the inputs behind it.
///
/// Rules, in order: deceased or cease-and-desist → drop; opt-out of the channel → drop; no WhatsApp
/// opt-in → drop; (transactional messages are allowed from here on) dispute or legal hold → drop;
/// hardship pause → reschedule to its end, or drop when it has none; then the earliest slot at or
/// after the request that is on an open local day (no holiday, no Sunday when configured), inside
/// the contact window and within every frequency cap: the request itself → allow `ok`; a later
/// slot → reschedule, named after the first rule that blocked; none within `searchHorizonDays` →
/// drop `schedule.no_slot`.
public enum ComplianceGate {
    /// How far past the request (or the end of a hardship pause) the gate looks for a slot.
    public static let searchHorizonDays = 60

    public static func decide(channel: Channel, purpose: MessagePurpose, at: Instant, borrower: BorrowerContactState,
                              profile: ComplianceProfile, caps: FrequencyCaps, zones: some LocalTimeZoneResolver) -> GateDecision {
        let zone = borrower.timeZone
        let requestedLocal = zones.local(at, zone: zone)
        let holds = borrower.activeHolds(at: at)
        var inputs: [String: JSONValue] = [
            "channel": .string(channel.rawValue),
            "purpose": .string(purpose.rawValue),
            "requested_at": .string(at.description),
            "requested_local": .string(requestedLocal.description),
            "zone": .string(zone),
            "jurisdiction": .string(borrower.jurisdiction.rawValue),
            "profile": .string(profile.jurisdiction.rawValue),
            "holds": .array(holds.sorted().map { .string($0.rawValue) }),
            "opted_out": .array(borrower.optedOut.sorted().map { .string($0.rawValue) }),
            "consented": .array(borrower.consented.sorted().map { .string($0.rawValue) }),
        ]
        func reason(_ rule: String, _ summary: String) -> GateReason {
            GateReason(rule: rule, inputs: .object(inputs), summary: summary)
        }

        for kind in [HoldKind.deceased, .cease] where holds.contains(kind) {
            return .drop(reason: reason("hold.\(kind.rawValue)", kind == .deceased
                ? "Dropped: the borrower is recorded as deceased, so no message is sent."
                : "Dropped: the borrower has told the lender to cease contact, so no message is sent."))
        }
        if borrower.optedOut.contains(channel) {
            return .drop(reason: reason("optout.\(channel.rawValue)",
                                        "Dropped: the borrower opted out of \(channel.displayName) messages."))
        }
        if channel.requiresOptIn && !borrower.consented.contains(channel) {
            return .drop(reason: reason("consent.missing.\(channel.rawValue)",
                                        "Dropped: the borrower has not opted in to \(channel.displayName) messages."))
        }
        if purpose == .transactional {
            return .allow(reason: reason("ok", "Allowed: a transactional message the borrower asked for is exempt from "
                                         + "contact hours, holidays, frequency caps and dispute, legal and hardship holds."))
        }
        for kind in [HoldKind.dispute, .legal] where holds.contains(kind) {
            return .drop(reason: reason("hold.\(kind.rawValue)", kind == .dispute
                ? "Dropped: the borrower disputes the debt, so collection messages stop until the dispute is resolved."
                : "Dropped: a legal hold stops collection messages."))
        }

        var searchStart = at
        var holdRule: String?
        if holds.contains(.hardship) {
            guard let end = borrower.holdUntil[.hardship] else {
                return .drop(reason: reason("hold.hardship",
                                            "Dropped: the borrower is on a hardship pause with no end date, so collection messages stop."))
            }
            inputs["hold_until"] = .string(end.description)
            inputs["hold_until_local"] = .string(zones.local(end, zone: zone).description)
            searchStart = end
            holdRule = "hold.hardship"
        }

        let finder = SlotFinder(channel: channel, profile: profile, caps: caps, zone: zone, zones: zones,
                                sends: borrower.recentSends)
        inputs["window"] = profile.contactWindow.json
        inputs["no_contact_on_sunday"] = .bool(profile.noContactOnSunday)
        inputs["caps"] = caps.json
        inputs["counts"] = finder.counts(at: at, localDate: requestedLocal.date).json
        inputs["recent_sends"] = .int(Int64(borrower.recentSends.count))

        let search = finder.search(from: searchStart, horizonDays: searchHorizonDays)
        if let first = search.steps.first { inputs["blocked"] = first.json }
        inputs["rules_applied"] = .array(orderedUnique((holdRule.map { [$0] } ?? []) + search.steps.map { $0.rule }).map { .string($0) })

        guard let slot = search.slot else {
            if let last = search.steps.last, search.steps.count > 1 { inputs["last_blocked"] = last.json }
            inputs["horizon_days"] = .int(Int64(searchHorizonDays))
            let cause = holdRule ?? search.steps.first?.rule ?? "the rules"
            return .drop(reason: reason("schedule.no_slot", "Dropped: no allowed time was found within \(searchHorizonDays) days "
                                        + "(first blocked by \(cause))."))
        }
        let slotLocal = zones.local(slot, zone: zone)
        if slot == at && holdRule == nil {
            return .allow(reason: reason("ok", "Allowed: \(LocalDateTime.clock(requestedLocal.minuteOfDay)) on \(requestedLocal.date) "
                                         + "in \(zone) is inside \(profile.contactWindow) and within every frequency cap."))
        }
        inputs["scheduled_at"] = .string(slot.description)
        inputs["scheduled_local"] = .string(slotLocal.description)
        inputs["counts_at_slot"] = finder.counts(at: slot, localDate: slotLocal.date).json
        let target = "Rescheduled to \(slotLocal.date) \(LocalDateTime.clock(slotLocal.minuteOfDay)) \(zone) time"
        if let holdRule, let end = borrower.holdUntil[.hardship] {
            return .reschedule(at: slot, reason: reason(holdRule, "\(target): the hardship pause lasts until "
                                                        + "\(zones.local(end, zone: zone)) local time."))
        }
        let first = search.steps[0]
        return .reschedule(at: slot, reason: reason(first.rule, "\(target): \(first.explanation)."))
    }

    private static func orderedUnique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

extension Channel {
    /// The name used in sentences.
    public var displayName: String {
        switch self {
        case .whatsapp: return "WhatsApp"
        case .sms: return "SMS"
        case .email: return "email"
        case .push: return "app push"
        }
    }
}
