import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// RFC 8058 one-click unsubscribe: a GET (a mail scanner, a preview) only shows the form; the POST with
/// `List-Unsubscribe=One-Click` opts the borrower out of email, once.
@Suite struct UnsubscribeTests {
    static let token = "tok_" + String(repeating: "u", count: 32)

    /// An email sent to B1 about L1, carrying `token`.
    func emailWithToken(_ world: WebhookWorld, language: String = "en") throws -> OutboxMessage {
        let message = try world.enqueue(borrower: "B1", channel: .email, key: "email-unsub", template: "reminder_test")
        #expect(try world.store.assignUnsubscribeToken(outboxID: message.id, token: Self.token) == Self.token)
        if language != "en" {
            try world.store.db.prepare("UPDATE outbox SET language = ? WHERE id = ?").run([.text(language), .integer(message.id)])
        }
        return message
    }

    @Test func getShowsAFormAndDoesNotOptOut() throws {
        let world = try WebhookWorld()
        _ = try emailWithToken(world)
        let before = try world.snapshot()
        let page = world.web.get("/unsubscribe/\(Self.token)")
        #expect(page.status == 200)
        #expect(page.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(page.text.contains(#"<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">"#))
        #expect(page.text.contains("<h1>Stop emails</h1>"))
        #expect(page.text.contains("<button type=\"submit\">Stop email messages</button>"))
        #expect(try world.snapshot() == before)
        #expect(try world.store.optedOutChannels(borrowerKey: try world.borrower("B1").key) == [])
    }

    @Test func getSpeaksTheLanguageOfTheEmail() throws {
        let world = try WebhookWorld()
        _ = try emailWithToken(world, language: "hi")
        let page = world.web.get("/unsubscribe/\(Self.token)")
        #expect(page.status == 200)
        #expect(page.text.contains(#"<html lang="hi">"#))
        #expect(page.text.contains("<h1>ईमेल बंद करें</h1>"))
    }

    @Test func oneClickPostOptsOutOfEmailOnce() throws {
        let world = try WebhookWorld()
        _ = try emailWithToken(world)
        let b1 = try world.borrower("B1")
        let headers = [("Content-Type", "application/x-www-form-urlencoded")]
        let body = Array("List-Unsubscribe=One-Click".utf8)
        let first = world.web.send(.POST, "/unsubscribe/\(Self.token)", headers: headers + [("Accept", "application/json")], body: body)
        #expect(first.status == 200)
        #expect(first.json == ["unsubscribed": true, "changed": true])
        #expect(try world.store.optedOutChannels(borrowerKey: b1.key) == ["email"])
        let notes = try world.events("L1", rule: "inbound.unsubscribe")
        #expect(notes.map(\.kind) == [.noted])
        #expect(notes.first?.event.data["channel"] == "email")

        let afterFirst = try world.snapshot()
        let second = world.web.send(.POST, "/unsubscribe/\(Self.token)", headers: headers + [("Accept", "application/json")], body: body)
        #expect(second.json == ["unsubscribed": true, "changed": false])
        // A person pressing the form's button gets a page, and still nothing more is recorded.
        let third = world.web.send(.POST, "/unsubscribe/\(Self.token)", headers: headers, body: body)
        #expect(third.status == 200)
        #expect(third.text.contains("<h1>You will get no more emails from us.</h1>"))
        #expect(try world.snapshot() == afterFirst)
        // Only email: the other channels stay open, and no confirmation message is sent by email.
        #expect(try world.outbox().count == 1)
    }

    @Test func laterEmailIsBlockedByTheGate() throws {
        let world = try WebhookWorld()
        _ = try emailWithToken(world)
        let body = Array("List-Unsubscribe=One-Click".utf8)
        #expect(world.web.send(.POST, "/unsubscribe/\(Self.token)", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                               body: body).status == 200)
        let summary = try world.dispatch()
        #expect(summary.blocked == 1)
        #expect(summary.sent == 0)
        let row = try #require(try world.outbox().first)
        #expect(row.status == .blocked)
        #expect(row.reason.flatMap { try? JSONParser.parse($0) }?["rule"] == "optout.email")
    }

    @Test(arguments: ["nope", "tok_" + String(repeating: "v", count: 32), ""])
    func unknownTokensAre404AndChangeNothing(_ token: String) throws {
        let world = try WebhookWorld()
        _ = try emailWithToken(world)
        let before = try world.snapshot()
        let get = world.web.get("/unsubscribe/\(token)")
        let post = world.web.send(.POST, "/unsubscribe/\(token)", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                  body: Array("List-Unsubscribe=One-Click".utf8))
        #expect(get.status == 404)
        #expect(post.status == 404)
        #expect(try world.snapshot() == before)
    }
}
