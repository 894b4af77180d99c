import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// What a borrower asks for (a reply to HELP, a one-time code) goes at once, even at night; collection messages
/// planned for the same instant wait for the contact window.
@Suite struct TransactionalMessageTests {
    /// 18:00 UTC is 23:30 in Kolkata, outside India's 08:00–19:00.
    static func lateEvening() throws -> WebhookWorld {
        let world = try WebhookWorld()
        world.web.clock.advance(seconds: 8 * 3600)
        return world
    }

    @Test func aHelpReplyAtNightGoesAtOnceWhileCollectionWaits() throws {
        let world = try Self.lateEvening()
        try world.consentToWhatsApp("B1")
        let at = world.now.secondsSinceEpoch
        #expect(world.whatsApp(WhatsAppBody.inbound(id: "wamid.NIGHT", "HELP", at: at)).json == .webhook(inbound: ["help"]))
        let collection = try world.enqueue(borrower: "B2", loanID: "L3", channel: .sms, key: "night-collection",
                                           template: "reminder_test")
        let summary = try world.dispatch()
        #expect(summary.sent == 1)
        #expect(summary.rescheduled == 1)
        #expect(try world.messages(template: "reply_help").map(\.status) == [.sent])
        let waiting = try #require(try world.store.outboxEntry(id: collection.id)).message
        #expect(waiting.status == .planned)
        #expect(waiting.dueAt == Instant(iso: "2026-04-16T02:30:00Z")) // 08:00 IST the next morning
    }

    @Test func aOneTimeCodeIsTransactionalAndGoesAtNight() throws {
        let world = try Self.lateEvening()
        let page = world.web.get(try world.web.issueLink(loanID: "L3"))
        #expect(page.status == 200)
        let codes = try world.web.codeMessages()
        try #require(codes.count == 1)
        #expect(codes[0].purpose == .transactional)
        #expect(try world.dispatch().sent == 1)
        #expect(try world.web.codeMessages().map(\.status) == [.sent])
    }
}
