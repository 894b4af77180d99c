/// Finds the earliest instant at or after a start that is on an open local day, inside the contact
/// window and within every frequency cap. Each blocked candidate yields a lower bound for the next
/// one, so the search is both correct (every rule is rechecked at the slot) and earliest.
struct SlotFinder<Zones: LocalTimeZoneResolver> {
    static var week: Int64 { 7 * 86_400 }

    struct Send {
        let channel: Channel
        let at: Instant
        let localDate: CivilDate
    }

    /// Messages already counted against the caps around an instant (7-day counts trail the instant).
    struct Counts {
        var channelDay = 0, overallDay = 0, channel7Days = 0, overall7Days = 0
        var json: JSONValue {
            ["channel_per_day": .int(Int64(channelDay)), "overall_per_day": .int(Int64(overallDay)),
             "channel_per_7_days": .int(Int64(channel7Days)), "overall_per_7_days": .int(Int64(overall7Days))]
        }
    }

    /// One blocked candidate: the rule, what it saw, and the earliest instant it could pass (nil: never).
    struct Step {
        let rule: String
        let at: Instant
        let local: LocalDateTime
        let detail: [String: JSONValue]
        let explanation: String
        let next: Instant?

        var json: JSONValue {
            var members = detail
            members["rule"] = .string(rule)
            members["at"] = .string(at.description)
            members["local"] = .string(local.description)
            if let next { members["next_candidate"] = .string(next.description) }
            return .object(members)
        }
    }

    struct Search {
        let slot: Instant?
        let steps: [Step]
    }

    let channel: Channel
    let profile: ComplianceProfile
    let caps: FrequencyCaps
    let zone: String
    let zones: Zones
    let sends: [Send]

    init(channel: Channel, profile: ComplianceProfile, caps: FrequencyCaps, zone: String, zones: Zones,
         sends: [(channel: Channel, at: Instant)]) {
        self.channel = channel
        self.profile = profile
        self.caps = caps
        self.zone = zone
        self.zones = zones
        self.sends = sends.map { Send(channel: $0.channel, at: $0.at, localDate: zones.local($0.at, zone: zone).date) }
            .sorted { $0.at < $1.at }
    }

    /// Steps are bounded as well as time: minute-by-minute progress only happens in odd overlaps.
    static var maxSteps: Int { 5000 }

    func search(from start: Instant, horizonDays: Int) -> Search {
        let horizon = start.adding(seconds: Int64(horizonDays) * 86_400)
        var candidate = start
        var steps: [Step] = []
        while steps.count < SlotFinder.maxSteps && candidate <= horizon {
            guard let step = check(candidate) else { return Search(slot: candidate, steps: steps) }
            steps.append(step)
            guard let next = step.next else { break }
            // Every bound is later than the candidate it came from; the max keeps the loop moving regardless.
            candidate = max(next, candidate.adding(seconds: 1))
        }
        return Search(slot: nil, steps: steps)
    }

    /// The first rule `instant` breaks, or nil when a collection message may start then.
    func check(_ instant: Instant) -> Step? {
        let local = zones.local(instant, zone: zone)
        let window = profile.contactWindow
        let clock = LocalDateTime.clock(local.minuteOfDay)
        if let rule = profile.closedRule(on: local.date) {
            let why = rule == "holiday" ? "\(local.date) is a holiday in the \(profile.jurisdiction.rawValue) profile"
                                        : "\(local.date) is a Sunday and Sundays are closed to contact"
            return Step(rule: rule, at: instant, local: local, detail: ["date": .string(local.date.description)],
                        explanation: why, next: windowStart(onOrAfter: local.date.adding(days: 1)))
        }
        if !window.contains(minuteOfDay: local.minuteOfDay) {
            let early = local.minuteOfDay < window.startMinute
            let next = early ? zones.instant(LocalDateTime(date: local.date, minuteOfDay: window.startMinute), zone: zone)
                             : windowStart(onOrAfter: local.date.adding(days: 1))
            return Step(rule: "hours.outside_window", at: instant, local: local,
                        detail: ["side": .string(early ? "before_start" : "at_or_after_end"), "window": window.json],
                        explanation: "\(clock) local time is outside the contact window \(window)", next: next)
        }
        return checkCaps(instant, local: local)
    }

    func counts(at instant: Instant, localDate: CivilDate) -> Counts {
        var counts = Counts()
        let from = instant.adding(seconds: -SlotFinder.week)
        for send in sends {
            if send.localDate == localDate {
                counts.overallDay += 1
                if send.channel == channel { counts.channelDay += 1 }
            }
            if send.at > from && send.at <= instant {
                counts.overall7Days += 1
                if send.channel == channel { counts.channel7Days += 1 }
            }
        }
        return counts
    }

    private func checkCaps(_ instant: Instant, local: LocalDateTime) -> Step? {
        let counts = counts(at: instant, localDate: local.date)
        let nextDay = { windowStart(onOrAfter: local.date.adding(days: 1)) }
        var detail: [String: JSONValue] = ["counts": counts.json]

        if let cap = caps.perChannelPerDay[channel], counts.channelDay >= cap {
            detail["cap"] = .int(Int64(cap))
            return Step(rule: "cap.channel_per_day", at: instant, local: local, detail: detail,
                        explanation: "the borrower already has \(counts.channelDay) \(channel.displayName) message(s) on "
                            + "\(local.date) local time (cap \(cap) a day)", next: cap > 0 ? nextDay() : nil)
        }
        if counts.overallDay >= caps.overallPerDay {
            detail["cap"] = .int(Int64(caps.overallPerDay))
            return Step(rule: "cap.overall_per_day", at: instant, local: local, detail: detail,
                        explanation: "the borrower already has \(counts.overallDay) message(s) on \(local.date) local time "
                            + "(cap \(caps.overallPerDay) a day)", next: caps.overallPerDay > 0 ? nextDay() : nil)
        }
        if let cap = caps.perChannelPer7Days[channel],
           let blocked = weekBlock(instant, cap: cap, sends: sends.filter { $0.channel == channel }) {
            detail["cap"] = .int(Int64(cap))
            detail["window_end"] = .string(blocked.windowEnd.description)
            detail["count_in_window"] = .int(Int64(blocked.count))
            return Step(rule: "cap.channel_per_7_days", at: instant, local: local, detail: detail,
                        explanation: "the borrower already has \(blocked.count) \(channel.displayName) message(s) in "
                            + "7 days (cap \(cap))", next: blocked.next)
        }
        if let blocked = weekBlock(instant, cap: caps.overallPer7Days, sends: sends) {
            detail["cap"] = .int(Int64(caps.overallPer7Days))
            detail["window_end"] = .string(blocked.windowEnd.description)
            detail["count_in_window"] = .int(Int64(blocked.count))
            return Step(rule: "cap.overall_per_7_days", at: instant, local: local, detail: detail,
                        explanation: "the borrower already has \(blocked.count) message(s) in 7 days "
                            + "(cap \(caps.overallPer7Days))", next: blocked.next)
        }
        return nil
    }

    /// Whether one more send at `instant` puts any 7 × 24 h window over `cap`. Windows that contain
    /// `instant` and hold the most sends end at `instant` or at a later planned send, so those are
    /// the ones checked. For the trailing window the next candidate is when enough of its oldest
    /// sends have aged out; for a window ending at a later send it is just after that send.
    private func weekBlock(_ instant: Instant, cap: Int, sends: [Send]) -> (count: Int, windowEnd: Instant, next: Instant?)? {
        let trailing = sends.filter { $0.at > instant.adding(seconds: -SlotFinder.week) && $0.at <= instant }
        if trailing.count >= cap {
            let next = cap > 0 ? trailing[trailing.count - cap].at.adding(seconds: SlotFinder.week) : nil
            return (trailing.count, instant, next)
        }
        for later in sends where later.at > instant && later.at < instant.adding(seconds: SlotFinder.week) {
            let count = sends.filter { $0.at > later.at.adding(seconds: -SlotFinder.week) && $0.at <= later.at }.count
            if count >= cap { return (count, later.at, cap > 0 ? later.at.adding(seconds: 1) : nil) }
        }
        return nil
    }

    /// The start of the contact window on the first open local day at or after `date`.
    func windowStart(onOrAfter date: CivilDate) -> Instant? {
        var day = date
        for _ in 0..<(2 * ComplianceGate.searchHorizonDays) {
            if profile.closedRule(on: day) == nil {
                return zones.instant(LocalDateTime(date: day, minuteOfDay: profile.contactWindow.startMinute), zone: zone)
            }
            day = day.adding(days: 1)
        }
        return nil
    }
}
