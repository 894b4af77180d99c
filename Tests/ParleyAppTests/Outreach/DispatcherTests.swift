import Foundation
import Testing
import ParleyChannels
import ParleyCore
import ParleyStore
@testable import ParleyApp

/// The dispatcher in process: a planned outbox in a scratch store, providers built from a `ProviderSet` JSON document
/// pointing at a stand-in that answers as Exotel, WhatsApp Cloud and FCM do: sends, retries, fail-over and rate.
@Suite("Outreach dispatcher")
struct DispatcherTests {
    @Test func dueMessagesAreSentOnceWithTheProviderIDAndAContactedEvent() throws {
        let bench = try OutreachBench.plannedPair()
        let planned = try bench.outbox
        #expect(planned.map(\.channel) == ["whatsapp", "sms"])
        #expect(planned.map(\.status) == [.planned, .planned])
        #expect(planned.map { $0.dueAt?.description } == ["2026-02-01T03:30:00Z", "2026-02-01T03:30:00Z"])

        let summary = try bench.dispatch(OutreachBench.morning)
        #expect(summary.considered == 2 && summary.sent == 2 && summary.failed == 0 && summary.rescheduled == 0)
        let sent = try bench.outbox
        #expect(sent.map(\.status) == [.sent, .sent])
        #expect(sent.map { $0.sentAt?.description } == [OutreachBench.morning, OutreachBench.morning])
        #expect(sent.map(\.provider) == ["whatsapp_cloud", "sms_exotel"])
        #expect(sent.map(\.attempts) == [1, 1])
        #expect(sent.map(\.providerMessageID) == [OutreachGateway.providerID(.whatsapp, key: "whatsapp:919876510001:parley_missed_emi"),
                                                 OutreachGateway.providerID(.sms, key: OutreachBench.key(2) + ":sms")])
        #expect(bench.gateway.received(.whatsapp).map(\.to) == ["919876510001"])
        #expect(bench.gateway.received(.sms).map(\.key) == [OutreachBench.key(2) + ":sms"])
        #expect(bench.gateway.received(.sms).map(\.body) == [sent[1].body])

        for (caseKey, message) in zip([Int64(1), 2], sent) {
            let event = try #require(try bench.store.events(caseKey: caseKey).last)
            #expect(event.kind == .contacted)
            #expect(event.rule == "outreach.sent")
            #expect(event.at.description == OutreachBench.morning)
            #expect(event.inputs["outbox_id"] == .int(message.id))
            #expect(event.inputs["channel"] == .string(message.channel))
            #expect(event.inputs["provider_message_id"] == message.providerMessageID.map { .string($0) })
            #expect(event.inputs["gate"]?["decision"] == "allow")
            #expect(event.inputs["gate"]?["rule"] == "ok")
            #expect(event.inputs["gate"]?["inputs"]?["requested_at"] == .string(OutreachBench.morning))
            #expect(event.inputs["gate"]?["inputs"]?["requested_local"] == "2026-02-01T10:30")
            #expect(try bench.store.caseSummary(lenderID: "default", id: CaseSummary.displayID(caseKey))?.state.status == .contacted)
        }
    }

    @Test func aRerunSendsNothingTwice() throws {
        let bench = try OutreachBench.plannedPair()
        try bench.dispatch(OutreachBench.morning)
        let again = try bench.dispatch("2026-02-01T05:01:00Z")
        #expect(again.considered == 0 && again.sent == 0)
        let third = try bench.dispatch("2026-02-01T09:00:00Z", maxWait: 1)
        #expect(third == DispatchSummary())
        #expect(bench.gateway.received.count == 2)
        #expect(bench.gateway.countsByKey.values.allSatisfy { $0 == 1 })
        #expect(try bench.outbox.map(\.status) == [.sent, .sent])
    }

    @Test func a429WithRetryAfterIsRescheduledAndSentByTheNextRun() throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.nonAdaptive()
        try bench.cycleAndPlan(OutreachBench.day)
        bench.gateway.script(.sms, OutreachGateway.exotelError(429, code: 429, "Too Many Requests", retryAfter: 120))

        let first = try bench.dispatch(OutreachBench.morning)
        #expect(first.retried == 1 && first.sent == 0)
        let waiting = try #require(try bench.outbox.first)
        #expect(waiting.status == .planned)
        #expect(waiting.attempts == 1)
        let dueAt = try #require(waiting.dueAt)
        #expect(dueAt >= Instant(iso: OutreachBench.morning)!.adding(seconds: 120))
        #expect(dueAt <= Instant(iso: OutreachBench.morning)!.adding(seconds: 122))
        #expect(waiting.rule == "provider.retry")
        #expect(waiting.reasonRecord?["inputs"]?["retry_after"] == 120)
        #expect(waiting.reasonRecord?["inputs"]?["attempt"] == 1)

        // Before the due time nothing goes; after it, the message does.
        #expect(try bench.dispatch("2026-02-01T05:01:00Z").considered == 0)
        let second = try bench.dispatch("2026-02-01T05:03:00Z")
        #expect(second.sent == 1)
        let sent = try #require(try bench.outbox.first)
        #expect(sent.status == .sent && sent.attempts == 2 && sent.sentAt?.description == "2026-02-01T05:03:00Z")
        #expect(bench.gateway.received.count == 2)
        #expect(bench.gateway.received.map(\.key) == [OutreachBench.key(1) + ":sms", OutreachBench.key(1) + ":sms"])
    }

    @Test func fiveHundredsExhaustTheRetriesThenTheNextChannelSends() throws {
        let bench = try OutreachBench.plannedPair()
        bench.gateway.always(.whatsapp, OutreachGateway.graphError(500, code: 2, "Service temporarily unavailable"))
        let start = Instant(iso: OutreachBench.morning)!
        // One run an hour apart: each finds the retry due (back-off is at most 600 s) and tries once more.
        for attempt in 1...4 {
            let summary = try bench.dispatch(start.adding(seconds: Int64(attempt - 1) * 1_000).description)
            #expect(summary.retried == 1, "attempt \(attempt)")
            let row = try #require(try bench.rows(logicalKey: OutreachBench.key(1)).first)
            #expect(row.status == .planned && row.attempts == attempt && row.rule == "provider.retry")
        }
        let last = try bench.dispatch(start.adding(seconds: 4_000).description)
        #expect(last.failed == 1 && last.failedOver == 1 && last.sent == 1)

        let rows = try bench.rows(logicalKey: OutreachBench.key(1))
        #expect(rows.map(\.channel) == ["whatsapp", "sms"])
        #expect(rows.map(\.status) == [.failed, .sent])
        #expect(rows[0].attempts == RetryPolicy().maxAttempts)
        #expect(rows[0].rule == "provider.retries_exhausted")
        #expect(rows[0].provider == "whatsapp_cloud")
        #expect(rows[1].idempotencyKey == OutreachBench.key(1) + ":sms")
        #expect(rows[1].logicalKey == OutreachBench.key(1))
        #expect(rows[1].fallbacks == [.email])
        // Sent, the row's reason is the gate's decision at the send; the case keeps the fail-over.
        #expect(rows[1].rule == "ok")
        #expect(rows[1].provider == "sms_exotel" && rows[1].providerMessageID == "sid-" + OutreachBench.key(1) + ":sms")
        #expect(bench.gateway.received(.whatsapp).count == 5)
        #expect(bench.gateway.received(.sms).map(\.key) == [OutreachBench.key(2) + ":sms", OutreachBench.key(1) + ":sms"])
        let events = try bench.store.events(caseKey: 1)
        #expect(events.suffix(3).map(\.rule) == ["provider.retries_exhausted", "outreach.failover", "outreach.sent"])
        #expect(events.suffix(2).first?.inputs == ["from": "whatsapp", "to": "sms", "cause": "provider.retries_exhausted",
                                                   "outbox_id": .int(rows[1].id)])
    }

    @Test func aPermanent400FailsOverAtOnceWithoutRetry() throws {
        let bench = try OutreachBench.plannedPair()
        bench.gateway.script(.whatsapp, OutreachGateway.graphError(400, code: 132001, "Template name does not exist in the translation"))
        let summary = try bench.dispatch(OutreachBench.morning)
        #expect(summary.retried == 0 && summary.failed == 1 && summary.failedOver == 1 && summary.sent == 2)
        let rows = try bench.rows(logicalKey: OutreachBench.key(1))
        #expect(rows.map(\.channel) == ["whatsapp", "sms"])
        #expect(rows.map(\.status) == [.failed, .sent])
        #expect(rows[0].attempts == 1 && rows[0].rule == "provider.rejected")
        #expect(bench.gateway.received(.whatsapp).count == 1)
        #expect(bench.gateway.received(.sms).count == 2)
    }

    @Test func anUnregisteredPushTokenIsRetiredAndTheMessageFailsOver() throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.policy(#"{"outreach":{"adaptive":false,"cadence":[{"day":0,"template":"missed_emi","channels":["push","sms"]}]}}"#)
        let borrower = try bench.borrower("B-L1")
        try bench.store.registerPushToken("fcm-dead-token-1", borrowerKey: borrower.key, at: Instant(iso: "2026-01-15T00:00:00Z")!)
        try bench.cycleAndPlan(OutreachBench.day)
        #expect(try bench.outbox.map(\.destination) == ["fcm-dead-token-1"])
        bench.gateway.always(.push, OutreachGateway.fcmUnregistered)

        let summary = try bench.dispatch(OutreachBench.morning)
        #expect(summary.retiredTokens == 1 && summary.failed == 1 && summary.failedOver == 1 && summary.sent == 1)
        #expect(try bench.store.pushTokens(borrowerKey: borrower.key) == [])
        let rows = try bench.rows(logicalKey: OutreachBench.key(1))
        #expect(rows.map(\.channel) == ["push", "sms"])
        #expect(rows.map(\.status) == [.failed, .sent])
        #expect(rows[0].rule == "provider.invalid_destination")
        #expect(bench.gateway.received(.push).map(\.to) == ["fcm-dead-token-1"])
        #expect(bench.gateway.received(.sms).map(\.key) == [OutreachBench.key(1) + ":sms"])
    }

    @Test func fortyMessagesAtTwentyASecondTakeTheirTime() throws {
        let bench = try OutreachBench(indianLoans: 40)
        try bench.nonAdaptive()
        try bench.cycleAndPlan(OutreachBench.day)
        #expect(try bench.outbox.filter { $0.channel == "sms" && $0.status == .planned }.count == 40)
        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try bench.dispatch(OutreachBench.morning, ratePerSecond: 20)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        #expect(summary.sent == 40)
        #expect(bench.gateway.received(.sms).count == 40)
        #expect(seconds >= 1.5, "40 messages at 20 a second went in \(seconds) s")
        let busiest = bench.gateway.busiestSpan(seconds: 1)
        #expect(busiest <= 21, "\(busiest) requests reached the provider within one second at rate_per_second 20")
    }
}
