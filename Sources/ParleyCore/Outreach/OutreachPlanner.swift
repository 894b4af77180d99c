/// Plans the day's outreach for one case: which template (from the cadence), on which channel with
/// which fail-over order, in which local window, and why. A pure function of its inputs; the only
/// randomness is the injected source the Thompson sampler draws from.
///
/// Channel order: the step's channels the borrower can be reached on, in the step's order, with
/// channels that never deliver (3+ sends, no sign of arrival) moved last and a channel the borrower
/// replied on in the last 30 days moved first. Non-adaptive: that first channel and the first
/// window still open. Adaptive: Thompson sampling over channel × open window for the borrower's
/// segment, unless the borrower replied, in which case the reply channel is kept and only the
/// window is sampled. Windows that already ended on the local date are skipped (all are kept when
/// none is left, and the gate then finds the next allowed time).
public enum OutreachPlanner {
    /// The plan for `subject`'s case day, or nil when the cadence sends nothing that day.
    public static func plan(_ subject: OutreachSubject, policy: OutreachPolicy, stats: SegmentStats,
                            zones: some LocalTimeZoneResolver, random: inout some RandomNumberGenerator) -> OutreachPlan? {
        guard let step = policy.step(onDay: subject.day) else { return nil }
        precondition(!policy.windows.isEmpty, "an outreach policy needs at least one window")
        let borrower = subject.borrower, behaviour = subject.behaviour, now = subject.now
        let reach = Reachability(contact: subject.contact, optedOut: borrower.optedOut, consented: borrower.consented)
        let candidates = reach.reachable(step.channels)
        var record = PlanRecord(subject: subject, step: step, policy: policy, reach: reach, candidates: candidates)

        guard !candidates.isEmpty else { return .unreachable(step: step, reason: record.unreachableReason()) }

        let open = openWindows(policy.windows, on: subject.localDate, after: now, zone: borrower.timeZone, zones: zones)
        record.inputs["windows_open"] = .array(open.map { .int(Int64($0)) })
        let undeliverable = candidates.filter(behaviour.neverDelivers)
        var order = candidates.filter { !undeliverable.contains($0) } + undeliverable
        let reply = behaviour.recentReply(at: now, among: candidates)
        if let reply { order = [reply.channel] + order.filter { $0 != reply.channel } }

        let channel: Channel, windowIndex: Int
        if let reply {
            channel = reply.channel
            if policy.adaptive {
                let arms = open.map { OutreachArm(channel: reply.channel, window: $0) }
                let choice = ThompsonSampler.choose(arms: arms, stats: stats.outcomes(for: subject.segment), random: &random)
                record.thompson(choice)
                windowIndex = choice.chosen.arm.window
            } else {
                windowIndex = open[0]
            }
            record.replied(on: reply.channel, at: zones.local(reply.at, zone: borrower.timeZone).date)
        } else if policy.adaptive {
            let delivering = candidates.filter { !undeliverable.contains($0) }
            let arms = (delivering.isEmpty ? candidates : delivering).flatMap { channel in
                open.map { OutreachArm(channel: channel, window: $0) }
            }
            let choice = ThompsonSampler.choose(arms: arms, stats: stats.outcomes(for: subject.segment), random: &random)
            record.thompson(choice)
            channel = choice.chosen.arm.channel
            windowIndex = choice.chosen.arm.window
        } else {
            channel = order[0]
            windowIndex = open[0]
        }
        record.undeliverable(undeliverable)

        let window = policy.windows[windowIndex]
        let start = zones.instant(LocalDateTime(date: subject.localDate, minuteOfDay: window.startMinute), zone: borrower.timeZone)
        let plannedAt = max(start, now)
        record.inputs["window_start"] = .string(start.description)
        return .send(PlannedOutreach(day: step.day, template: step.template, purpose: .collection, channel: channel,
                                     fallbacks: order.filter { $0 != channel }, windowIndex: windowIndex, window: window,
                                     plannedAt: plannedAt, reason: record.reason(channel: channel, window: window)))
    }

    /// The window a send at `localMinute` belongs to, for the learner's statistics: the window that
    /// contains it, else the last window starting before it, else the first. `windows` must be sorted
    /// and non-empty (as a parsed policy's are).
    public static func windowIndex(for localMinute: Int, in windows: [ContactWindow]) -> Int {
        precondition(!windows.isEmpty, "windowIndex needs at least one window")
        return windows.lastIndex { $0.startMinute <= localMinute } ?? 0
    }

    /// Indices of the windows that end after `now` on `date` (all of them when none does).
    static func openWindows(_ windows: [ContactWindow], on date: CivilDate, after now: Instant, zone: String,
                            zones: some LocalTimeZoneResolver) -> [Int] {
        let open = windows.indices.filter { index in
            let end = windows[index].endMinute
            let local = end == 1440 ? LocalDateTime(date: date.adding(days: 1), minuteOfDay: 0)
                                    : LocalDateTime(date: date, minuteOfDay: end)
            return zones.instant(local, zone: zone) > now
        }
        return open.isEmpty ? Array(windows.indices) : open
    }
}
