import Foundation
import ParleyChannels
import ParleyCore
import ParleyCrypto
import ParleyStore

/// What one dispatch run did.
public struct DispatchSummary: Equatable, Sendable {
    public var considered = 0, sent = 0, rescheduled = 0, retried = 0, blocked = 0, dropped = 0, failed = 0
    public var failedOver = 0, interrupted = 0, retiredTokens = 0

    public init() {}

    public var json: JSONValue {
        ["considered": .int(Int64(considered)), "sent": .int(Int64(sent)), "rescheduled": .int(Int64(rescheduled)),
         "retried": .int(Int64(retried)), "blocked": .int(Int64(blocked)), "dropped": .int(Int64(dropped)),
         "failed": .int(Int64(failed)), "failed_over": .int(Int64(failedOver)), "interrupted": .int(Int64(interrupted)),
         "retired_tokens": .int(Int64(retiredTokens))]
    }

    public var text: String {
        "Dispatched: \(sent) sent, \(rescheduled) rescheduled, \(retried) to retry, \(blocked) blocked, \(dropped) dropped, "
            + "\(failed) failed (\(failedOver) failed over to another channel), \(interrupted) interrupted by an earlier crash."
    }
}

/// Sends what the outbox holds, due at or before the dispatcher's clock, each through the compliance gate at that
/// instant. Messages go in chunks: the gate's decisions and the claims commit first, then the chunk is sent on up to
/// `concurrency` threads within each provider's rate, then the outcomes commit. A message is claimed (`sending`)
/// before its provider sees it, so a rerun after a crash never sends it again on that channel: it is failed as
/// interrupted and handed to the next allowed channel instead.
public final class Dispatcher {
    public struct Options: Sendable {
        public var lenderID: String?
        public var concurrency = 8
        public var chunk = 64
        public var retry = RetryPolicy()
        /// How long the run waits for a retry or a reschedule that falls due soon, rather than leaving it to the next run.
        public var maxWaitSeconds = 30.0
        /// While this answers true an idle dispatcher keeps polling instead of returning (a producer is still enqueuing).
        public var keepPolling: (@Sendable () -> Bool)?
        public init(lenderID: String? = nil) { self.lenderID = lenderID }
    }

    let store: SQLiteStore
    let providers: OutreachProviders
    let composer: OutreachComposer
    let options: Options
    let zones = FoundationZones.shared
    private let clock: VirtualClock
    private var summary = DispatchSummary()
    /// Lender policies, read once per run.
    private var policies: [String: LenderPolicy] = [:]
    private var jitter = SystemRandomNumberGenerator()

    /// `now` starts the dispatcher's clock (a virtual instant for tests and simulation); it then runs at wall speed.
    public init(store: SQLiteStore, providers: OutreachProviders, baseURL: String, now: Instant, options: Options = Options()) {
        self.store = store
        self.providers = providers
        self.options = options
        composer = OutreachComposer(store: store, dltEntityID: providers.dltEntityID, senderHeader: providers.senderHeader,
                                    baseURL: baseURL)
        clock = VirtualClock(start: now)
    }

    public func run() throws -> DispatchSummary {
        try recoverInterrupted()
        let pool = SenderPool<SendResult>(width: options.concurrency)
        // A failed run leaves the sends it had not started claimed (`sending`): the next run recovers them as interrupted.
        defer { pool.close() }
        var waitedForMore = false
        while true {
            let now = clock.now
            let due = try store.dueMessages(lenderID: options.lenderID, at: now, limit: options.chunk)
            // Under a steady trickle, a few messages at a time would each pay a chunk's fixed work (its lookups, two
            // commits): while sends are out, record their outcomes for up to 5 ms first and let more fall due.
            if !due.isEmpty, due.count < options.chunk / 4, !inFlight.isEmpty, !waitedForMore {
                try settleFinished(pool, waitingUpTo: 0.005)
                waitedForMore = true
                continue
            }
            waitedForMore = false
            if due.isEmpty {
                if !inFlight.isEmpty { try settleFinished(pool, waitingUpTo: 0.005); continue }
                if let keepPolling = options.keepPolling, keepPolling() { usleep(2_000); continue }
                guard let next = try store.nextDueAt(lenderID: options.lenderID),
                      Double(next.secondsSinceEpoch - now.secondsSinceEpoch) <= options.maxWaitSeconds else { break }
                clock.sleep(until: next)
                continue
            }
            // The next chunk is gated and claimed while earlier ones are on the wire, and queued behind them, so the
            // senders never wait for the database; outcomes are recorded as they come back.
            let jobs = try store.transaction { try gateAndClaim(due, at: now) }
            submit(jobs, to: pool)
            try settleFinished(pool, waitingUpTo: 0)
            while inFlight.count > 2 * options.chunk { try settleFinished(pool, waitingUpTo: 0.005) }
        }
        while !inFlight.isEmpty { try settleFinished(pool, waitingUpTo: 0.005) }
        return summary
    }

    /// A send's outcome and, for a send the provider took, its record already encoded.
    struct SendResult: Sendable {
        struct Encoded: Sendable {
            let reason: String
            let inputs: JSONValue
            let inputsText: String
        }

        let outcome: SendOutcome
        let encoded: Encoded?
    }

    /// The record of a send the provider took: the outbox row's reason (the gate's brief) and the `contacted` event's
    /// inputs (where the message went and the gate's decision at send time), encoded.
    static func sentRecord(_ message: OutboxMessage, outbound: OutboundMessage, provider: String, providerMessageID: String,
                           gate: GateDecision) -> SendResult.Encoded {
        let inputs: JSONValue = [
            "channel": .string(message.channel), "template": .string(message.template), "outbox_id": .int(message.id),
            "provider": .string(provider), "provider_message_id": .string(providerMessageID),
            "session_message": .bool(outbound.channel == .whatsapp && outbound.whatsAppTemplate == nil), "gate": gate.json,
        ]
        return SendResult.Encoded(reason: gate.brief.canonical, inputs: inputs, inputsText: inputs.canonical)
    }

    /// Claimed messages handed to the senders and not yet recorded, by ticket.
    private var inFlight: [Int: Job] = [:]

    private func submit(_ jobs: [Job], to pool: SenderPool<SendResult>) {
        let providers = self.providers
        let tickets = pool.submit(jobs.map { job in
            let outbound = job.outbound, message = job.entry.message, gate = job.gate
            return {
                providers.limiters[outbound.channel]?.acquire()
                let provider = providers.provider(for: outbound.channel)
                let outcome = provider.send(outbound)
                // What the record of a send needs is encoded here, on the sender's thread, not the coordinator's.
                guard case .sent(let providerMessageID) = outcome else { return SendResult(outcome: outcome, encoded: nil) }
                return SendResult(outcome: outcome, encoded: Self.sentRecord(message, outbound: outbound, provider: provider.kind,
                                                                            providerMessageID: providerMessageID, gate: gate))
            }
        })
        for (ticket, job) in zip(tickets, jobs) { inFlight[ticket] = job }
    }

    /// Records the outcomes that have come back (every few milliseconds while sends are out), so that a crash leaves
    /// at most the sends then in flight without their record.
    private func settleFinished(_ pool: SenderPool<SendResult>, waitingUpTo seconds: Double) throws {
        let done = pool.take(waitingUpTo: seconds)
        guard !done.isEmpty else { return }
        let outcomes = done.compactMap { finished in inFlight.removeValue(forKey: finished.ticket).map { ($0, finished.result) } }
        try store.withCaseCache(priming: Array(Set(outcomes.compactMap(\.0.entry.message.caseKey)))) {
            try settle(outcomes, at: clock.now)
        }
    }

    // MARK: Gate and claim

    struct Job {
        let entry: OutboxEntry
        let borrower: StoredBorrower
        let outbound: OutboundMessage
        /// The gate's `allow`, kept for the record of the send.
        let gate: GateDecision
    }

    private func gateAndClaim(_ due: [OutboxEntry], at now: Instant) throws -> [Job] {
        // What the gate needs for the whole chunk, in a handful of queries rather than several per message.
        let borrowerKeys = Array(Set(due.map(\.message.borrowerKey)))
        let borrowers = try store.borrowers(keys: borrowerKeys)
        let cases = try store.caseSummaries(keys: Array(Set(due.compactMap(\.message.caseKey))))
        var states = try ContactStates(store: store).states(for: Array(borrowers.values), at: now)
        var allowed: [(entry: OutboxEntry, borrower: StoredBorrower, channel: Channel, decision: GateDecision)] = []
        for entry in due {
            summary.considered += 1
            let message = entry.message
            guard let borrower = borrowers[message.borrowerKey], let known = states[message.borrowerKey],
                  let channel = Channel(rawValue: message.channel) else {
                try store.settle(id: message.id, status: .failed, reason: Self.reason("outbox.invalid", "The message names an unknown borrower or channel."))
                summary.failed += 1
                continue
            }
            var caseHolds: Set<HoldKind> = []
            if let caseKey = message.caseKey {
                // A closed case takes no more collection messages; what the borrower asked for (a confirmation, a reply) still goes.
                guard let open = cases[caseKey],
                      open.state.status.isOpen || message.purpose == .transactional else {
                    try store.settle(id: message.id, status: .dropped, reason: Self.reason("case.closed",
                        "Dropped: the case was closed before the message was due."))
                    summary.dropped += 1
                    continue
                }
                caseHolds = open.state.holds
            }
            // The borrower's own state carries across the chunk; a case's holds apply to that case's messages only.
            var state = known
            var gated = state
            gated.holds.formUnion(caseHolds)
            let policy = try policies[message.lenderID] ?? store.policy(lenderID: message.lenderID)
            policies[message.lenderID] = policy
            let decision = message.template == OutboxMessage.optOutConfirmationTemplate
                ? .allow(reason: GateReason(rule: "optout.confirmation", inputs: ["channel": .string(channel.rawValue)],
                                            summary: "Allowed past the gate: the single confirmation of the opt-out the borrower just sent."))
                : ComplianceGate.decide(channel: channel, purpose: message.purpose, at: now, borrower: gated,
                                        profile: .standard(borrower.jurisdiction), caps: policy.caps(for: borrower.jurisdiction),
                                        zones: zones)
            switch decision {
            case .allow:
                // Counted at once, so the borrower's later messages in this chunk see it; claimed below with the rest.
                allowed.append((entry, borrower, channel, decision))
                if message.purpose == .collection { state.recentSends.append((channel, now)) }
            case .reschedule(let slot, _):
                try store.reschedule(id: message.id, dueAt: slot, reason: decision.brief.canonical)
                try record(entry, kind: .noted, rule: "gate." + decision.reason.rule, decision.json, at: now)
                summary.rescheduled += 1
            case .drop:
                let status = decision.stoppedStatus
                try store.settle(id: message.id, status: status, reason: decision.brief.canonical)
                try record(entry, kind: .noted, rule: "gate." + decision.reason.rule, decision.json, at: now)
                if status == .blocked { summary.blocked += 1 } else { summary.dropped += 1 }
                if decision.channelSpecific { try failOver(entry, borrower: borrower, cause: decision.reason.rule, at: now) }
            }
            states[borrower.key] = state
        }
        // One claim for the chunk's allowed messages; only those still `planned` are this dispatcher's to send.
        let claimed = try store.claimForSending(ids: allowed.map { $0.entry.message.id }, at: now)
        var jobs: [Job] = []
        for (entry, borrower, channel, decision) in allowed where claimed.contains(entry.message.id) {
            let message = entry.message
            let lastInbound = channel == .whatsapp ? try store.lastInbound(borrowerKey: borrower.key, channel: channel.rawValue) : nil
            let sessionOpen = lastInbound.map { now.secondsSinceEpoch - $0.secondsSinceEpoch < 86_400 } ?? false
            let token = channel == .email ? try store.assignUnsubscribeToken(outboxID: message.id, token: Self.token()) : nil
            do {
                let outbound = try composer.outbound(for: message, sessionOpen: sessionOpen, unsubscribeToken: token)
                jobs.append(Job(entry: entry, borrower: borrower, outbound: outbound, gate: decision))
            } catch {
                try store.settle(id: message.id, status: .failed, reason: Self.reason("template.invalid", "Failed: \(error)."))
                summary.failed += 1
            }
        }
        return jobs
    }

    // MARK: Settle

    private func settle(_ outcomes: [(Job, SendResult)], at now: Instant) throws {
        // Receipts that overtook their sends, looked up once per channel for the whole batch.
        var waiting: [String: Set<String>] = [:]
        for channel in Set(outcomes.map(\.0.entry.message.channel)) {
            let ids = outcomes.compactMap { job, result -> String? in
                guard job.entry.message.channel == channel, case .sent(let id) = result.outcome else { return nil }
                return id
            }
            waiting[channel] = ids.isEmpty ? [] : try store.providerIDsWithPendingReceipts(channel: channel, among: ids)
        }
        for (job, result) in outcomes {
            let message = job.entry.message
            let provider = providers.provider(for: job.outbound.channel).kind
            switch result.outcome {
            case .sent(let providerMessageID):
                let encoded = result.encoded ?? Self.sentRecord(message, outbound: job.outbound, provider: provider,
                                                                providerMessageID: providerMessageID, gate: job.gate)
                try store.recordSent(id: message.id, at: now, provider: provider, providerMessageID: providerMessageID, reason: encoded.reason)
                let overtaken = waiting[message.channel]?.contains(providerMessageID) == true
                for receipt in overtaken ? try store.takePendingReceipts(channel: message.channel, providerMessageID: providerMessageID) : [] {
                    _ = try store.applyReceipt(channel: message.channel, providerMessageID: providerMessageID, status: receipt.status,
                                               at: receipt.at, error: receipt.error)
                }
                if message.caseKey != nil {
                    try record(job.entry, kind: .contacted, rule: "outreach.sent", encoded.inputs, inputsText: encoded.inputsText, at: now)
                }
                summary.sent += 1
            case .retryable(let reason, let retryAfter):
                let attempts = message.attempts + 1
                if attempts < options.retry.maxAttempts {
                    let delay = options.retry.delay(afterAttempt: attempts, retryAfter: retryAfter, jitter: Double.random(in: 0..<1, using: &jitter))
                    let due = now.adding(seconds: Int64(delay.rounded(.up)))
                    try store.reschedule(id: message.id, dueAt: due, reason: Self.reason("provider.retry",
                        "Provider \(provider) could not take it (\(reason)); attempt \(attempts) of \(options.retry.maxAttempts), next at \(due).",
                        ["attempt": .int(Int64(attempts)), "retry_after": retryAfter.map { .int(Int64($0)) } ?? .null,
                         "delay_seconds": .int(Int64(delay.rounded(.up)))]))
                    summary.retried += 1
                } else {
                    try fail(job, rule: "provider.retries_exhausted", "Failed after \(attempts) attempts: \(reason).", provider: provider, at: now)
                }
            case .permanentFailure(let reason):
                try fail(job, rule: "provider.rejected", "The provider refused it: \(reason).", provider: provider, at: now)
            case .invalidDestination(let reason):
                if job.outbound.channel == .push, try store.retirePushToken(job.outbound.destination, at: now, reason: reason) {
                    summary.retiredTokens += 1
                }
                try fail(job, rule: "provider.invalid_destination", "The destination is no longer valid: \(reason).", provider: provider, at: now)
            }
        }
    }

    private func fail(_ job: Job, rule: String, _ summaryText: String, provider: String, at now: Instant) throws {
        try store.settle(id: job.entry.message.id, status: .failed, reason: Self.reason(rule, summaryText), provider: provider)
        try record(job.entry, kind: .noted, rule: rule, ["summary": .string(summaryText), "channel": .string(job.entry.message.channel)], at: now)
        summary.failed += 1
        try failOver(job.entry, borrower: job.borrower, cause: rule, at: now)
    }

    /// Messages a delivery receipt failed after the provider took them go to their next channel. Claims left `sending`
    /// by a dispatcher that died mid-send: the provider may or may not have them, so they are not
    /// sent again on that channel; they fail as interrupted and go to the next allowed channel.
    private func recoverInterrupted() throws {
        let stuck = try store.interruptedSends(lenderID: options.lenderID)
        let failedLater = try store.awaitingFailover(lenderID: options.lenderID)
        guard !stuck.isEmpty || !failedLater.isEmpty else { return }
        let now = clock.now
        try store.transaction {
            for entry in failedLater {
                try store.clearFailover(id: entry.message.id)
                if let borrower = try store.borrower(key: entry.message.borrowerKey) {
                    try failOver(entry, borrower: borrower, cause: "receipt.failed", at: now)
                }
            }
            for entry in stuck {
                try store.settle(id: entry.message.id, status: .failed, reason: Self.reason("dispatch.interrupted",
                    "The dispatcher stopped while handing this message to its provider; it is not sent again on \(entry.message.channel), "
                    + "so the borrower never gets it twice there."))
                summary.interrupted += 1
                if let borrower = try store.borrower(key: entry.message.borrowerKey) {
                    try failOver(entry, borrower: borrower, cause: "dispatch.interrupted", at: now)
                }
            }
        }
    }

    // MARK: Fail-over

    /// Enqueues the same logical message on the next of its fall-back channels that has a destination.
    private func failOver(_ entry: OutboxEntry, borrower: StoredBorrower, cause: String, at now: Instant) throws {
        let message = entry.message
        guard DefaultTemplates.keys.contains(message.template) else { return }
        var remaining = message.fallbacks
        let contacts = ContactStates(store: store)
        while !remaining.isEmpty {
            let channel = remaining.removeFirst()
            guard let destination = try contacts.destination(channel, for: borrower) else { continue }
            let logical = message.logicalKey ?? message.idempotencyKey
            guard let (_, rendered) = try? composer.render(lenderID: message.lenderID, key: message.template, channel: channel,
                                                           language: message.language, values: message.variables) else { continue }
            var next = OutboxMessage(lenderID: message.lenderID, borrowerKey: message.borrowerKey, loanKey: message.loanKey,
                                     caseKey: message.caseKey, channel: channel.rawValue, template: message.template,
                                     language: message.language, destination: destination, body: rendered.body, status: .planned,
                                     plannedAt: message.plannedAt,
                                     reason: Self.reason("outreach.failover", "Fail-over from \(message.channel) (\(cause)) to \(channel.rawValue).",
                                                         ["from": .string(message.channel), "cause": .string(cause)]),
                                     idempotencyKey: logical + ":" + channel.rawValue)
            next.purpose = message.purpose
            next.subject = rendered.subject
            next.variables = message.variables
            next.logicalKey = logical
            next.fallbacks = remaining
            next.window = message.window
            next.segment = message.segment
            next.dueAt = now
            let stored = try store.enqueue(next)
            guard stored.status == .planned, stored.id != 0 else { return }
            try record(entry, kind: .noted, rule: "outreach.failover",
                       ["from": .string(message.channel), "to": .string(channel.rawValue), "cause": .string(cause),
                        "outbox_id": .int(stored.id)], at: now)
            summary.failedOver += 1
            return
        }
    }

    // MARK: Record

    private func record(_ entry: OutboxEntry, kind: CaseEventKind, rule: String, _ inputs: JSONValue, inputsText: String? = nil,
                        at now: Instant) throws {
        guard let caseKey = entry.message.caseKey else { return }
        do {
            _ = try store.appendEvent(caseKey: caseKey, event: NewCaseEvent(kind: kind, at: now, actor: .system("dispatcher"),
                                                                            rule: rule, inputs: inputs,
                                                                            data: ["outbox_id": .int(entry.message.id)]),
                                      inputsText: inputsText)
        } catch StoreError.transition {
            // The case moved on (closed or on hold) since the message was planned: the outbox row keeps the record.
        }
    }

    static func reason(_ rule: String, _ summary: String, _ inputs: JSONValue = [:]) -> String {
        (["rule": .string(rule), "summary": .string(summary), "inputs": inputs] as JSONValue).canonical
    }

    static func token() -> String { Sodium.randomToken(bytes: 24) }
}

/// A clock that starts at a given instant and runs at wall speed.
final class VirtualClock {
    private let start: Instant
    private let origin = DispatchTime.now().uptimeNanoseconds

    init(start: Instant) { self.start = start }

    var now: Instant {
        start.adding(seconds: Int64((DispatchTime.now().uptimeNanoseconds - origin) / 1_000_000_000))
    }

    func sleep(until instant: Instant) {
        let seconds = max(0, instant.secondsSinceEpoch - now.secondsSinceEpoch)
        usleep(useconds_t(min(seconds, 60) * 1_000_000 + 50_000))
    }
}
