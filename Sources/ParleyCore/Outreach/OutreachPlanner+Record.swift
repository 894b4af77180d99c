/// Collects what the planner looked at and turns it into the rule, inputs and sentence on the record.
struct PlanRecord {
    let subject: OutreachSubject
    let step: CadenceStep
    let reach: Reachability
    let candidates: [Channel]
    var inputs: [String: JSONValue]
    private var choice: ThompsonChoice?
    private var reply: (channel: Channel, date: CivilDate)?
    private var undeliverable: [Channel] = []

    init(subject: OutreachSubject, step: CadenceStep, policy: OutreachPolicy, reach: Reachability, candidates: [Channel]) {
        self.subject = subject
        self.step = step
        self.reach = reach
        self.candidates = candidates
        let behaviour = subject.behaviour
        let inbound = behaviour.lastInbound.map { ($0.key.rawValue, JSONValue.string($0.value.description)) }
        let totals = candidates.map { ($0.rawValue, behaviour.totals(for: $0).json) }
        inputs = [
            "step": step.json, "day": .int(Int64(subject.day)), "local_date": .string(subject.localDate.description),
            "now": .string(subject.now.description), "zone": .string(subject.borrower.timeZone),
            "segment": .string(subject.segment.key), "adaptive": .bool(policy.adaptive),
            "windows": .array(policy.windows.map { .string(OutreachPolicy.windowText($0)) }),
            "reachable": .array(candidates.map { .string($0.rawValue) }), "excluded": reach.json,
            "behaviour": ["portal_visits": .int(Int64(behaviour.portalVisits)),
                          "broken_promises": .int(Int64(behaviour.brokenPromises)),
                          "last_inbound": .object(Dictionary(uniqueKeysWithValues: inbound)),
                          "totals": .object(Dictionary(uniqueKeysWithValues: totals)),
                          "whatsapp_session_open": .bool(behaviour.whatsAppSessionOpen(at: subject.now))],
        ]
    }

    private var headline: String { "Day \(step.day) \(step.template.displayName)" }

    /// Excluded step channels as "opted out of SMS; no WhatsApp opt-in".
    private var exclusions: String {
        step.channels.compactMap { channel in reach.excluded[channel].map { $0.phrase(channel) } }.joined(separator: "; ")
    }

    mutating func thompson(_ choice: ThompsonChoice) {
        self.choice = choice
        inputs["arms"] = .array(choice.draws.map { $0.json })
        inputs["chosen"] = choice.chosen.json
    }

    mutating func replied(on channel: Channel, at date: CivilDate) {
        reply = (channel, date)
        inputs["replied"] = ["channel": .string(channel.rawValue), "local_date": .string(date.description)]
    }

    mutating func undeliverable(_ channels: [Channel]) {
        undeliverable = channels
        inputs["undeliverable"] = .array(channels.map { .string($0.rawValue) })
    }

    func unreachableReason() -> GateReason {
        var inputs = inputs
        inputs["rules_applied"] = [.string("cadence.day\(step.day)"), "preference.no_reachable_channel"]
        return GateReason(rule: "preference.no_reachable_channel", inputs: .object(inputs),
                          summary: "\(headline) not sent: none of its channels can reach the borrower (\(exclusions)).")
    }

    func reason(channel: Channel, window: ContactWindow) -> GateReason {
        var rules = ["cadence.day\(step.day)"]
        if let first = step.channels.first, !reach.canReach(first) { rules.append("preference.only_reachable") }
        rules += undeliverable.map { "behaviour.undelivered_on_\($0.rawValue)" }
        if let reply { rules.append("behaviour.replied_on_\(reply.channel.rawValue)") }
        if choice != nil { rules.append("adaptive.thompson") }
        var inputs = inputs
        inputs["rules_applied"] = .array(rules.map { .string($0) })

        let lead = "\(headline) by \(channel.displayName) at \(window)"
        let rule: String, why: String
        if let reply {
            rule = "behaviour.replied_on_\(reply.channel.rawValue)"
            why = "the borrower replied on \(channel.displayName) on \(reply.date), so \(channel.displayName) goes first"
                + (choice == nil ? "" : "; the window was chosen by Thompson sampling")
        } else if let chosen = choice?.chosen {
            rule = "adaptive.thompson"
            why = chosen.outcome.trials == 0
                ? "\(channel.displayName) has not been tried in this window for similar borrowers yet, so it is being explored "
                    + "(Thompson sampling)"
                : "\(channel.displayName) was read or acted on \(chosen.outcome.successes) of \(chosen.outcome.trials) times "
                    + "in this window for similar borrowers (Thompson sampling)"
        } else if channel != candidates[0] {
            let skipped = candidates[0]
            let count = subject.behaviour.totals(for: skipped).undelivered
            rule = "behaviour.undelivered_on_\(skipped.rawValue)"
            why = "\(skipped.displayName) is tried last because \(count) \(skipped.displayName) messages never arrived"
        } else if channel != step.channels[0] {
            rule = "preference.only_reachable"
            why = "the first channel of the step the borrower can be reached on (\(exclusions))"
        } else {
            rule = "cadence.day\(step.day)"
            why = "the first channel of the cadence step and the first open window"
        }
        return GateReason(rule: rule, inputs: .object(inputs), summary: "\(lead): \(why).")
    }
}
