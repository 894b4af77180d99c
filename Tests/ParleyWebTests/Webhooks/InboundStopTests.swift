import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// STOP and its equivalents, in English and Hindi, on WhatsApp and SMS: the opt-out is recorded at once and once,
/// exactly one confirmation goes out however often the borrower or the provider repeats it, and the gate then
/// blocks collection messages on that channel (only).
@Suite struct InboundStopTests {
    static let t0: Int64 = 1_776_247_200

    struct Case: Sendable, CustomTestStringConvertible {
        let channel: Channel
        let text: String
        let hindi: Bool
        var testDescription: String { "\(channel.rawValue) \(text)\(hindi ? " (Hindi borrower)" : "")" }
    }

    static let cases = [
        Case(channel: .whatsapp, text: "STOP", hindi: false),
        Case(channel: .whatsapp, text: "रोकें", hindi: true),
        Case(channel: .sms, text: " stop. ", hindi: false),
        Case(channel: .sms, text: "रोकें", hindi: true),
        Case(channel: .whatsapp, text: "बंद करें", hindi: false),
    ]

    /// Sends one inbound message from B2 on the case's channel and returns the route's answer.
    func send(_ world: WebhookWorld, _ item: Case, id: String, at: Int64) -> HTTPResponse {
        switch item.channel {
        case .sms:
            let ist = Instant(secondsSinceEpoch: at + 19_800).description // IST wall time, as Exotel writes it
            let date = String(ist.prefix(10)) + " " + String(ist.dropFirst(11).prefix(8))
            return world.smsInbound([("SmsSid", id), ("From", WebhookWorld.b2Exotel), ("To", "08047112345"),
                                     ("Body", item.text), ("Date", date)])
        default:
            return world.whatsApp(WhatsAppBody.inbound(id: id, from: WebhookWorld.b2WhatsApp, item.text, at: at))
        }
    }

    @Test(arguments: cases)
    func stopOptsOutOnceAndConfirmsOnceHoweverOftenItArrives(_ item: Case) throws {
        let world = try WebhookWorld()
        let b2 = try world.borrower("B2")
        if item.hindi { #expect(try world.store.setPreferredLanguage(borrowerKey: b2.key, language: "hi")) }

        let first = send(world, item, id: "in-stop-1", at: Self.t0)
        #expect(first.status == 200)
        #expect(first.json == .webhook(inbound: ["stop"]))
        #expect(try world.store.optedOutChannels(borrowerKey: b2.key) == [item.channel.rawValue])
        let afterFirst = try world.snapshot()

        // The provider delivers the same message again: nothing changes at all.
        let redelivered = send(world, item, id: "in-stop-1", at: Self.t0)
        #expect(redelivered.json == .webhook(inbound: ["duplicate"]))
        #expect(try world.snapshot() == afterFirst)

        // The borrower sends STOP again a minute later: recorded as a message, but no second opt-out or confirmation.
        let again = send(world, item, id: "in-stop-2", at: Self.t0 + 60)
        #expect(again.json == .webhook(inbound: ["stop"]))
        #expect(try world.inbound().map { [$0[1], $0[5]] } == [["in-stop-1", "stop"], ["in-stop-2", "stop"]])

        let confirmations = try world.messages(template: "optout_confirmation")
        try #require(confirmations.count == 1)
        let confirmation = confirmations[0]
        #expect(confirmation.channel == item.channel.rawValue)
        #expect(confirmation.destination == "+919811112222")
        #expect(confirmation.purpose == .transactional)
        #expect(confirmation.caseKey == (try world.web.caseKey("L3")))
        #expect(confirmation.language == (item.hindi ? "hi" : "en"))
        let name = item.channel == .sms ? "SMS" : "WhatsApp"
        #expect(confirmation.body == (item.hindi
            ? "आपको अब \(name) पर हमारे संदेश नहीं मिलेंगे। यह पुष्टि का अंतिम संदेश है।"
            : "You will get no more messages from us on \(name). This is the last message confirming it."))
        #expect(try world.outbox().count == 1)

        let notes = try world.events("L3", rule: "inbound.stop")
        #expect(notes.count == 1)
        #expect(notes.first?.kind == .noted)
        #expect(notes.first?.event.data["channel"] == .string(item.channel.rawValue))
        // The opt-out carries the time the borrower sent STOP, not a later one.
        var optedOutAt: [Int64] = []
        try world.store.db.prepare("SELECT opted_out_at FROM contact_preferences WHERE borrower_key = ?")
            .forEachRow([.integer(b2.key)]) { optedOutAt.append($0.int64(0)) }
        #expect(optedOutAt == [Self.t0])
    }

    @Test(arguments: [Channel.whatsapp, .sms])
    func theConfirmationGoesButLaterCollectionMessagesOnThatChannelAreBlocked(_ channel: Channel) throws {
        let world = try WebhookWorld()
        try world.consentToWhatsApp("B2")
        let stop = send(world, Case(channel: channel, text: "STOP", hindi: false), id: "in-stop-9", at: Self.t0)
        #expect(stop.json == .webhook(inbound: ["stop"]))
        let other: Channel = channel == .sms ? .whatsapp : .sms
        let blocked = try world.enqueue(borrower: "B2", loanID: "L3", channel: channel, key: "collect-after-stop",
                                        template: "reminder_test", body: "Your loan is overdue")
        let allowed = try world.enqueue(borrower: "B2", loanID: "L3", channel: other, key: "collect-other-channel",
                                        template: "reminder_test", body: "Your loan is overdue")

        let summary = try world.dispatch()
        #expect(summary.sent == 2)
        #expect(summary.blocked == 1)
        let rows = Dictionary(uniqueKeysWithValues: try world.outbox().map { ($0.idempotencyKey, $0) })
        let confirmation = try #require(try world.messages(template: "optout_confirmation").first)
        #expect(rows[confirmation.idempotencyKey]?.status == .sent)
        #expect(rows[allowed.idempotencyKey]?.status == .sent)
        let stopped = try #require(rows[blocked.idempotencyKey])
        #expect(stopped.status == .blocked)
        let reason = try #require(stopped.reason.flatMap { try? JSONParser.parse($0) })
        #expect(reason["rule"] == .string("optout.\(channel.rawValue)"))
        #expect(reason["inputs"]?["opted_out"] == [.string(channel.rawValue)])

        // A transactional reply on that channel (HELP after STOP) is stopped too: the borrower left the channel.
        let help = send(world, Case(channel: channel, text: "HELP", hindi: false), id: "in-help-9", at: Self.t0 + 120)
        #expect(help.json == .webhook(inbound: ["help"]))
        #expect(try world.dispatch().blocked == 1)
        #expect(try world.messages(template: "reply_help").map(\.status) == [.blocked])
    }

    @Test func theConfirmationStillGoesWhenTheCaseClosesBeforeTheDispatcherRuns() throws {
        let world = try WebhookWorld()
        #expect(send(world, Case(channel: .sms, text: "STOP", hindi: false), id: "in-stop-c", at: Self.t0).json
                == .webhook(inbound: ["stop"]))
        // The loan is brought current and the case cured before the next dispatch.
        _ = try world.store.appendEvent(caseKey: try world.web.caseKey("L3"), event: NewCaseEvent(
            kind: .cured, at: world.now, actor: .system("cycle"), data: ["summary": "cured by the test"]))
        let summary = try world.dispatch()
        let confirmations = try world.messages(template: "optout_confirmation")
        #expect(summary.sent == 1)
        #expect(confirmations.map(\.status) == [.sent])
        #expect(confirmations.first?.reason?.contains("case.closed") == false)
    }

    @Test func stopOnOneChannelLeavesTheOthersOpen() throws {
        let world = try WebhookWorld()
        let b1 = try world.borrower("B1")
        #expect(world.smsInbound([("SmsSid", "in-s"), ("From", WebhookWorld.b1Exotel), ("Body", "STOP")]).json
                == .webhook(inbound: ["stop"]))
        #expect(world.whatsApp(WhatsAppBody.inbound(id: "wamid.S", "STOP")).json == .webhook(inbound: ["stop"]))
        #expect(try world.store.optedOutChannels(borrowerKey: b1.key) == ["sms", "whatsapp"])
        // B1 has two open cases (L1, L2): one note each per channel, one confirmation per channel.
        #expect(try world.events("L1", rule: "inbound.stop").count == 2)
        #expect(try world.events("L2", rule: "inbound.stop").count == 2)
        #expect(try world.messages(template: "optout_confirmation").map(\.channel) == ["sms", "whatsapp"])
        #expect(try world.store.optedOutChannels(borrowerKey: try world.borrower("B2").key) == [])
    }
}
