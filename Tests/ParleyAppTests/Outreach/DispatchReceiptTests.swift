import Foundation
import Testing
import ParleyChannels
import ParleyCore
import ParleyStore
@testable import ParleyApp

/// Delivery receipts against what the dispatcher sent: in order, early, and failing after the provider took the message.
@Suite("Outreach dispatcher and delivery receipts")
struct DispatchReceiptTests {
    /// One Indian loan planned for the day and dispatched in the morning: the bench, the sent row and its provider id.
    func oneSentMessage() throws -> (bench: OutreachBench, sent: OutboxMessage, id: String) {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.nonAdaptive()
        try bench.cycleAndPlan(OutreachBench.day)
        try bench.dispatch(OutreachBench.morning)
        let sent = try #require(try bench.outbox.first)
        return (bench, sent, try #require(sent.providerMessageID))
    }

    @Test func aReceiptThatFailsLaterFailsOverOnTheNextRun() throws {
        let (bench, sent, id) = try oneSentMessage()
        #expect(try bench.store.applyReceipt(channel: "sms", providerMessageID: id, status: "failed",
                                             at: Instant(iso: "2026-02-01T05:00:30Z")!, error: "30008 unknown subscriber")
                == .applied(outboxID: sent.id, from: "sent", to: "failed"))
        let summary = try bench.dispatch("2026-02-01T05:05:00Z")
        #expect(summary.failedOver == 1 && summary.sent == 1)
        let rows = try bench.rows(logicalKey: OutreachBench.key(1))
        #expect(rows.map(\.channel) == ["sms", "email"])
        #expect(rows.map(\.status) == [.failed, .sent])
        #expect(rows[0].rule == "receipt.failed")
        #expect(rows[1].idempotencyKey == OutreachBench.key(1) + ":email" && rows[1].provider == "log")
        #expect(try bench.dispatch("2026-02-01T05:10:00Z") == DispatchSummary())
        #expect(try bench.outbox.count == 2)
        #expect(bench.gateway.received.count == 1)
    }

    @Test func aReceiptThatOvertakesTheSendIsAppliedWhenTheSendIsRecorded() throws {
        let bench = try OutreachBench(indianLoans: 1)
        try bench.nonAdaptive()
        try bench.cycleAndPlan(OutreachBench.day)
        let id = OutreachGateway.providerID(.sms, key: OutreachBench.key(1) + ":sms")
        #expect(try bench.store.applyReceipt(channel: "sms", providerMessageID: id, status: "delivered",
                                             at: Instant(iso: "2026-02-01T05:00:02Z")!, error: nil) == .pending)
        #expect(try bench.dispatch(OutreachBench.morning).sent == 1)
        let row = try #require(try bench.outbox.first)
        #expect(row.status == .delivered && row.providerMessageID == id)
        #expect(row.deliveredAt?.description == "2026-02-01T05:00:02Z")
    }

    @Test func deliveryAndReadReceiptsRecordTheirTimes() throws {
        let (bench, sent, id) = try oneSentMessage()
        func receipt(_ status: String, _ at: String) throws -> ReceiptOutcome {
            try bench.store.applyReceipt(channel: "sms", providerMessageID: id, status: status, at: Instant(iso: at)!, error: nil)
        }
        #expect(try receipt("delivered", "2026-02-01T05:00:05Z") == .applied(outboxID: sent.id, from: "sent", to: "delivered"))
        #expect(try bench.outbox.first?.deliveredAt?.description == "2026-02-01T05:00:05Z")
        #expect(try receipt("delivered", "2026-02-01T05:00:09Z") == .ignored(outboxID: sent.id, status: "delivered"))
        #expect(try receipt("read", "2026-02-01T05:10:00Z") == .applied(outboxID: sent.id, from: "delivered", to: "read"))
        let read = try #require(try bench.outbox.first)
        #expect(read.status == .read)
        #expect(read.deliveredAt?.description == "2026-02-01T05:00:05Z")
        #expect(read.readAt?.description == "2026-02-01T05:10:00Z")
        #expect(read.sentAt?.description == OutreachBench.morning)
    }
}
