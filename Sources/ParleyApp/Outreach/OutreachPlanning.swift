import ParleyChannels
import ParleyCore
import ParleyStore
import ParleyWeb

/// What planning one day's outreach did.
public struct PlanningSummary: Equatable, Sendable {
    public var casesChecked = 0, planned = 0, rescheduled = 0, blocked = 0, unreachable = 0, alreadyPlanned = 0

    public init() {}

    public var json: JSONValue {
        ["cases_checked": .int(Int64(casesChecked)), "planned": .int(Int64(planned)), "rescheduled": .int(Int64(rescheduled)),
         "blocked": .int(Int64(blocked)), "unreachable": .int(Int64(unreachable)), "already_planned": .int(Int64(alreadyPlanned))]
    }

    public var text: String {
        "  outreach:       \(planned) planned, \(rescheduled) rescheduled by the gate, \(blocked) blocked, \(unreachable) unreachable"
            + (alreadyPlanned > 0 ? " (\(alreadyPlanned) already planned)" : "")
    }
}

/// Plans the day's outreach for every open case of a lender (part of `parley cycle`): the cadence step for the case's
/// day, the channel and window chosen by the planner (adaptive when the policy says so), the message rendered in the
/// borrower's language with a fresh personal link, and the gate's view at the planned time — all recorded on the
/// outbox row and the case. Idempotent per case, day and template; the learner's draws are seeded by case and day, so a
/// rerun after a crash plans exactly what a clean run plans.
public struct OutreachPlanning {
    let store: SQLiteStore
    let lenderID: String
    let baseURL: String
    let composer: OutreachComposer
    public var batchSize = 500
    /// Called after each batch commits, with the messages planned so far.
    public var progress: ((PlanningSummary) -> Void)?
    let zones = FoundationZones.shared

    public init(store: SQLiteStore, lenderID: String, baseURL: String, providers: OutreachProviders) {
        self.store = store
        self.lenderID = lenderID
        self.baseURL = baseURL
        composer = OutreachComposer(store: store, dltEntityID: providers.dltEntityID, senderHeader: providers.senderHeader, baseURL: baseURL)
    }

    public func run(asOf: CivilDate) throws -> PlanningSummary {
        guard let lender = try store.lender(id: lenderID) else { throw StoreError.unknownLender(lenderID) }
        let policy = try store.policy(lenderID: lenderID)
        let stats = SegmentStats(rows: try store.armCounts(lenderID: lenderID, since: Instant(date: asOf.adding(days: -90))).compactMap { row in
            Segment(key: row.segment).map { ($0, OutreachArm(channel: row.channel, window: row.window), ArmOutcome(trials: row.trials, successes: row.successes)) }
        })
        var summary = PlanningSummary()
        var query = CaseQuery(lenderID: lenderID)
        query.openOnly = true
        query.limit = batchSize
        while true {
            let cases = try store.cases(query)
            guard let last = cases.last else { break }
            query.afterKey = last.key
            try store.transaction {
                for open in cases {
                    summary.casesChecked += 1
                    try plan(open, lender: lender, policy: policy, stats: stats, asOf: asOf, summary: &summary)
                }
            }
            progress?(summary)
        }
        return summary
    }

    private func plan(_ open: CaseSummary, lender: Lender, policy: LenderPolicy, stats: SegmentStats, asOf: CivilDate,
                      summary: inout PlanningSummary) throws {
        let day = asOf.days(since: open.state.openedAt.utcDate)
        guard day >= 0, let step = policy.outreach.step(onDay: day) else { return }
        let logicalKey = "outreach:\(open.key):\(asOf):\(step.template.rawValue)"
        guard try !store.outboxHasLogicalKey(logicalKey) else { summary.alreadyPlanned += 1; return }
        guard let loan = try store.loan(lenderID: lenderID, loanID: open.loanID),
              let borrower = try store.borrower(lenderID: lenderID, borrowerID: loan.record.borrowerID) else { return }

        // Planning happens once the cycle has run for the day: not before its instant, nor before the local day begins.
        let dayStart = max(zones.instant(LocalDateTime(date: asOf, minuteOfDay: 0), zone: borrower.timeZone), Instant(date: asOf))
        let contacts = ContactStates(store: store)
        var state = try contacts.state(for: borrower, caseHolds: open.state.holds, at: dayStart)
        let dues = Dues.compute(loanID: loan.record.loanID, currency: loan.record.currency, terms: loan.record.terms,
                                payments: try store.payments(loanKey: loan.key), rules: policy.ledgerRules(for: loan.record.currency),
                                asOf: asOf)
        let segment = Segment(jurisdiction: borrower.jurisdiction, dpd: dues.dpd, language: String(borrower.language.prefix(2)))
        let subject = OutreachSubject(
            day: day, localDate: asOf, now: dayStart,
            contact: ContactPoints(hasPhone: !borrower.phone.isEmpty, hasEmail: borrower.email?.isEmpty == false,
                                   hasPushToken: try !store.pushTokens(borrowerKey: borrower.key).isEmpty),
            borrower: state, behaviour: try behaviour(borrower, since: dayStart.adding(seconds: -90 * 86_400), windows: policy.outreach.windows),
            segment: segment)
        var random = SplitMix64(seed: Self.seed("\(lenderID):\(open.key):\(asOf)"))
        guard let plan = OutreachPlanner.plan(subject, policy: policy.outreach, stats: stats, zones: zones, random: &random) else { return }

        guard let planned = plan.planned else {
            var blocked = OutboxMessage(lenderID: lenderID, borrowerKey: borrower.key, loanKey: loan.key, caseKey: open.key,
                                        channel: step.channels[0].rawValue, template: step.template.rawValue, language: borrower.language,
                                        destination: "", body: "", status: .blocked, plannedAt: dayStart,
                                        reason: plan.json.canonical, idempotencyKey: logicalKey + ":" + step.channels[0].rawValue)
            blocked.logicalKey = logicalKey
            _ = try store.enqueue(blocked)
            try record(open, rule: plan.reason.rule, plan.json, at: dayStart)
            summary.unreachable += 1
            return
        }

        let channel = planned.channel
        guard let destination = try contacts.destination(channel, for: borrower) else { return }
        let values = try variables(lender: lender, borrower: borrower, loan: loan, dues: dues, policy: policy, asOf: asOf, at: dayStart)
        let (_, rendered) = try composer.render(lenderID: lenderID, key: planned.template.rawValue, channel: channel,
                                                language: borrower.language, values: values)
        let decision = ComplianceGate.decide(channel: channel, purpose: planned.purpose, at: planned.plannedAt, borrower: state,
                                             profile: .standard(borrower.jurisdiction), caps: policy.caps(for: borrower.jurisdiction),
                                             zones: zones)
        var message = OutboxMessage(lenderID: lenderID, borrowerKey: borrower.key, loanKey: loan.key, caseKey: open.key,
                                    channel: channel.rawValue, template: planned.template.rawValue,
                                    language: String(borrower.language.prefix(2)), destination: destination, body: rendered.body,
                                    status: .planned, plannedAt: planned.plannedAt, reason: nil,
                                    idempotencyKey: logicalKey + ":" + channel.rawValue)
        message.purpose = planned.purpose
        message.subject = rendered.subject
        message.variables = values
        message.logicalKey = logicalKey
        message.fallbacks = planned.fallbacks
        message.window = planned.windowIndex
        message.segment = segment.key
        switch decision {
        case .allow: message.dueAt = planned.plannedAt; summary.planned += 1
        case .reschedule(let slot, _): message.dueAt = slot; summary.rescheduled += 1
        case .drop: message.status = decision.stoppedStatus; summary.blocked += 1
        }
        var record = planned.json
        if case .object(var members) = record { members["gate"] = decision.json; record = .object(members) }
        message.reason = (["rule": .string(planned.reason.rule), "summary": .string(planned.reason.summary),
                           "inputs": ["gate": decision.brief, "channel": .string(channel.rawValue),
                                      "fallbacks": .array(planned.fallbacks.map { .string($0.rawValue) }),
                                      "window": .string(planned.window.description)]] as JSONValue).canonical
        let stored = try store.enqueue(message)
        if message.status == .planned { state.recentSends.append((channel, planned.plannedAt)) }
        try self.record(open, rule: planned.reason.rule, record, outboxID: stored.id, at: dayStart)
    }

    /// The values a preview shows: real figures, and a marker where the personal link will go (none is issued).
    func previewVariables(lender: Lender, borrower: StoredBorrower, loan: StoredLoan, asOf: CivilDate) throws -> [String: String] {
        let policy = try store.policy(lenderID: lenderID)
        let dues = Dues.compute(loanID: loan.record.loanID, currency: loan.record.currency, terms: loan.record.terms,
                                payments: try store.payments(loanKey: loan.key), rules: policy.ledgerRules(for: loan.record.currency),
                                asOf: asOf)
        return variables(lender: lender, borrower: borrower, dues: dues, policy: policy, asOf: asOf,
                         link: baseURL + "/p/PERSONAL-LINK-ISSUED-AT-SEND")
    }

    /// The named values every default template draws from.
    private func variables(lender: Lender, borrower: StoredBorrower, loan: StoredLoan, dues: Dues, policy: LenderPolicy,
                           asOf: CivilDate, at: Instant) throws -> [String: String] {
        let link = try BorrowerLinks.issue(store: store, lenderID: lenderID, loanID: loan.record.loanID, baseURL: baseURL, now: at,
                                           lifetimeSeconds: WebConfiguration().linkLifetimeSeconds)
        return variables(lender: lender, borrower: borrower, dues: dues, policy: policy, asOf: asOf, link: link)
    }

    private func variables(lender: Lender, borrower: StoredBorrower, dues: Dues, policy: LenderPolicy, asOf: CivilDate,
                           link: String) -> [String: String] {
        return ["name": borrower.name, "lender": lender.name, "amount": Self.amount(dues.totalOverdue, dues.currency),
                "due_date": asOf.adding(days: -dues.dpd).description,
                "deadline": asOf.adding(days: policy.settlementDeadlineDays).description, "link": link]
    }

    /// Amounts for messages: ASCII currency words (SMS stays GSM-7), Indian digit grouping for rupees.
    static func amount(_ minor: Int64, _ currency: Currency) -> String {
        let prefix = currency.code == "INR" ? "Rs " : currency.code == "USD" ? "$" : currency.code == "GBP" ? "GBP " : currency.code + " "
        return prefix + Money(minor: minor, currency: currency).decimalText
    }

    private func behaviour(_ borrower: StoredBorrower, since: Instant, windows: [ContactWindow]) throws -> ContactBehaviour {
        var arms: [OutreachArm: EngagementCounts] = [:]
        for row in try store.sendCounts(borrowerKey: borrower.key, since: since) {
            arms[OutreachArm(channel: row.channel, window: row.window), default: EngagementCounts()] =
                EngagementCounts(sent: row.sent, delivered: row.delivered, read: row.read, failed: row.failed)
        }
        var portalVisits = 0, lastReply: [Channel: Instant] = [:]
        for event in try store.contactEvents(borrowerKey: borrower.key, since: since) {
            switch event.kind {
            case "portal_visit": portalVisits += 1
            case "replied":
                guard let channel = event.channel else { continue }
                lastReply[channel] = max(lastReply[channel] ?? event.at, event.at)
                let window = OutreachPlanner.windowIndex(for: zones.local(event.at, zone: borrower.timeZone).minuteOfDay, in: windows)
                arms[OutreachArm(channel: channel, window: window), default: EngagementCounts()].replied += 1
            default: continue
            }
        }
        return ContactBehaviour(arms: arms, portalVisits: portalVisits, brokenPromises: 0, lastInbound: lastReply)
    }

    private func record(_ open: CaseSummary, rule: String, _ inputs: JSONValue, outboxID: Int64? = nil, at: Instant) throws {
        do {
            _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(
                kind: .noted, at: at, actor: .system("planner"), rule: rule, inputs: inputs,
                data: ["kind": "outreach_planned", "outbox_id": outboxID.map { .int($0) } ?? .null]))
        } catch StoreError.transition {
            // A case that cannot take notes (closed in the same run) keeps its record on the outbox row.
        }
    }

    /// FNV-1a of the text: a stable seed per lender, case and day.
    static func seed(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }
}
