import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// Delivery receipts from signed webhooks move a message forward only: sent < delivered < read, failed only
/// before delivery; duplicates and stale receipts are ignored, and a receipt that overtakes the send waits for it.
@Suite struct DeliveryReceiptTests {
    static let t0: Int64 = 1_776_247_200 // 2026-04-15T10:00:00Z, the world's clock

    /// A WhatsApp message to B1 sent by the real dispatcher; its provider id is `log:<key>`.
    static func sentWhatsApp(_ world: WebhookWorld, key: String) throws -> OutboxMessage {
        try world.consentToWhatsApp("B1")
        try world.enqueue(borrower: "B1", channel: .whatsapp, purpose: .transactional, key: key)
        #expect(try world.dispatch().sent == 1)
        let message = try #require(try world.outbox().first { $0.idempotencyKey == key })
        #expect(message.status == .sent)
        #expect(message.providerMessageID == "log:" + key)
        return message
    }

    func row(_ world: WebhookWorld, _ id: Int64) throws -> OutboxMessage {
        try #require(try world.store.outboxEntry(id: id)).message
    }

    @Test func aStatusBatchMovesTheMessageForwardInOrder() throws {
        let world = try WebhookWorld()
        let sent = try Self.sentWhatsApp(world, key: "rcpt-1")
        let id = "log:rcpt-1"
        let batch = WhatsAppBody.notification(statuses: [
            WhatsAppBody.status(id: id, "sent", at: Self.t0 + 5),
            WhatsAppBody.status(id: id, "delivered", at: Self.t0 + 60),
            WhatsAppBody.status(id: id, "read", at: Self.t0 + 600),
        ])
        let response = world.whatsApp(batch)
        #expect(response.status == 200)
        #expect(response.json == .webhook(receipts: ["ignored:sent", "applied:delivered", "applied:read"]))
        let after = try row(world, sent.id)
        #expect(after.status == .read)
        #expect(after.sentAt == Instant(secondsSinceEpoch: Self.t0))
        #expect(after.deliveredAt == Instant(secondsSinceEpoch: Self.t0 + 60))
        #expect(after.readAt == Instant(secondsSinceEpoch: Self.t0 + 600))
    }

    @Test func lateDuplicateAndFailedReceiptsAfterReadAreIgnored() throws {
        let world = try WebhookWorld()
        let sent = try Self.sentWhatsApp(world, key: "rcpt-2")
        let id = "log:rcpt-2"
        #expect(world.whatsApp(WhatsAppBody.notification(statuses: [WhatsAppBody.status(id: id, "read", at: Self.t0 + 600)])).json
                == .webhook(receipts: ["applied:read"]))
        let settled = try row(world, sent.id)
        let before = try world.snapshot()
        for (status, at, error) in [("delivered", Self.t0 + 60, nil), ("read", Self.t0 + 600, nil), ("sent", Self.t0 + 1, nil),
                                    ("failed", Self.t0 + 900, 131_026)] as [(String, Int64, Int?)] {
            let response = world.whatsApp(WhatsAppBody.notification(statuses: [WhatsAppBody.status(id: id, status, at: at,
                                                                                                      errorCode: error)]))
            #expect(response.status == 200)
            #expect(response.json == .webhook(receipts: ["ignored:read"]), "\(status)")
        }
        #expect(try world.snapshot() == before)
        let after = try row(world, sent.id)
        #expect(after == settled)
        // A read receipt with no delivered one before it counts as delivered at the same time.
        #expect(after.deliveredAt == Instant(secondsSinceEpoch: Self.t0 + 600))
        #expect(after.readAt == Instant(secondsSinceEpoch: Self.t0 + 600))
    }

    @Test func failedAfterSentIsAppliedWithTheProvidersErrorButNotAfterDelivered() throws {
        let world = try WebhookWorld()
        let first = try Self.sentWhatsApp(world, key: "rcpt-3")
        let failed = world.whatsApp(WhatsAppBody.notification(statuses: [
            WhatsAppBody.status(id: "log:rcpt-3", "failed", at: Self.t0 + 30, errorCode: 131_026),
            WhatsAppBody.status(id: "log:rcpt-3", "delivered", at: Self.t0 + 40),
        ]))
        #expect(failed.json == .webhook(receipts: ["applied:failed", "ignored:failed"]))
        let row = try self.row(world, first.id)
        #expect(row.status == .failed)
        #expect(row.deliveredAt == nil)
        let reason = try #require(row.reason.flatMap { try? JSONParser.parse($0) })
        #expect(reason == ["rule": "receipt.failed",
                           "summary": "The provider reported the message undeliverable after accepting it: 131026 Message undeliverable.",
                           "inputs": ["error": "131026 Message undeliverable"]])

        try world.enqueue(borrower: "B1", channel: .whatsapp, purpose: .transactional, key: "rcpt-4")
        #expect(try world.dispatch().sent == 1)
        let delivered = world.whatsApp(WhatsAppBody.notification(statuses: [
            WhatsAppBody.status(id: "log:rcpt-4", "delivered", at: Self.t0 + 30),
            WhatsAppBody.status(id: "log:rcpt-4", "failed", at: Self.t0 + 40, errorCode: 131_026),
        ]))
        #expect(delivered.json == .webhook(receipts: ["applied:delivered", "ignored:delivered"]))
    }

    @Test func aReceiptBeforeTheSendIsKeptAndAppliedWhenTheSendIsRecorded() throws {
        let world = try WebhookWorld()
        try world.consentToWhatsApp("B1")
        let planned = try world.enqueue(borrower: "B1", channel: .whatsapp, purpose: .transactional, key: "rcpt-5")
        let early = WhatsAppBody.notification(statuses: [
            WhatsAppBody.status(id: "log:rcpt-5", "read", at: Self.t0 + 120),
            WhatsAppBody.status(id: "log:rcpt-5", "delivered", at: Self.t0 + 60),
        ])
        #expect(world.whatsApp(early).json == .webhook(receipts: ["pending", "pending"]))
        // The provider retries the callback: still two receipts waiting, not four.
        #expect(world.whatsApp(early).json == .webhook(receipts: ["pending", "pending"]))
        #expect(try world.snapshot()["pending_receipts"]?.count == 2)
        #expect(try row(world, planned.id).status == .planned)

        #expect(try world.dispatch().sent == 1)
        let after = try row(world, planned.id)
        #expect(after.status == .read)
        #expect(after.deliveredAt == Instant(secondsSinceEpoch: Self.t0 + 60))
        #expect(after.readAt == Instant(secondsSinceEpoch: Self.t0 + 120))
        #expect(try world.snapshot()["pending_receipts"] == [])
        // Once applied, the same receipts are ordinary duplicates.
        #expect(world.whatsApp(early).json == .webhook(receipts: ["ignored:read", "ignored:read"]))
    }

    @Test func smsStatusCallbacksUseExotelsTimeAndStatuses() throws {
        let world = try WebhookWorld()
        try world.enqueue(borrower: "B1", channel: .sms, purpose: .transactional, key: "rcpt-sms")
        #expect(try world.dispatch().sent == 1)
        let sent = try #require(try world.outbox().first { $0.idempotencyKey == "rcpt-sms" })
        let sid = try #require(sent.providerMessageID)
        #expect(sid == "log:rcpt-sms")
        let queued = world.smsStatus([("SmsSid", sid), ("Status", "queued"), ("To", WebhookWorld.b1Exotel)])
        #expect(queued.json == .webhook(receipts: ["ignored:sent"]))
        let delivered = world.smsStatus([("SmsSid", sid), ("Status", "delivered"), ("To", WebhookWorld.b1Exotel),
                                         ("DateSent", "2026-04-15 16:00:00")])
        #expect(delivered.status == 200)
        #expect(delivered.json == .webhook(receipts: ["applied:delivered"]))
        let late = world.smsStatus([("SmsSid", sid), ("Status", "failed-dnd"), ("To", WebhookWorld.b1Exotel)])
        #expect(late.json == .webhook(receipts: ["ignored:delivered"]))
        let after = try row(world, sent.id)
        #expect(after.status == .delivered)
        // 16:00 IST is 10:30 UTC.
        #expect(after.deliveredAt == Instant(iso: "2026-04-15T10:30:00Z"))
    }
}
