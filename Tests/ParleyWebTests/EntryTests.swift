import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyHTTP
@testable import ParleyWeb

/// The borrower's way in: personal link, one-time code through the outbox, session.
@Suite struct EntryTests {
    @Test func healthz() throws {
        let world = try WebWorld()
        let response = world.get("/healthz")
        #expect(response.status == 200)
        #expect(response.text == "ok\n")
        #expect(response.headers["X-Request-Id"] != nil)
    }

    @Test func openingTheLinkSendsOneCodeAndSetsTheCSRFCookie() throws {
        let world = try WebWorld()
        let link = try world.issueLink(loanID: "L1")
        let page = world.get(link)
        #expect(page.status == 200)
        let csrfField = try #require(page.setCookieField(WebApp.anonymousCSRFCookie))
        #expect(csrfField.contains("HttpOnly"))
        #expect(csrfField.contains("SameSite=Strict"))
        let anonymous = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        #expect(anonymous.utf8.count == 43)
        // The form carries the same token (double submit), and the page never shows the code.
        #expect(HTMLScrape.csrf(in: page.text) == anonymous)
        let messages = try world.codeMessages()
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        let code = try #require(SixDigits.find(in: message.body))
        #expect(code.count == 6)
        #expect(message.channel == "sms")
        #expect(message.destination == "+919876543210")
        #expect(message.status == .planned)
        #expect(!page.text.contains(code))
        #expect(page.text.contains("3210"))     // the masked destination
        #expect(!page.text.contains("+919876543210"))

        // A second visit while the code is valid sends nothing new.
        let again = world.get(link, as: Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous]))
        #expect(again.status == 200)
        #expect(again.cookie(WebApp.anonymousCSRFCookie) == nil)   // the existing cookie is kept
        #expect(try world.codeMessages().count == 1)
    }

    @Test func aBorrowerWhoLeftSMSGetsTheCodeOnWhatsAppWhereTheyOptedIn() throws {
        let world = try WebWorld()
        let borrower = try #require(try world.store.borrower(lenderID: "default", borrowerID: "B1"))
        let at = world.clock.read()
        _ = try world.store.optOut(borrowerKey: borrower.key, channel: "sms", at: at, source: "test")
        _ = try world.store.consent(borrowerKey: borrower.key, channel: "whatsapp", at: at, source: "test")
        let page = world.get(try world.issueLink(loanID: "L1"))
        #expect(page.status == 200)
        let message = try #require(try world.codeMessages().last)
        #expect(message.channel == "whatsapp" && message.destination == "+919876543210" && message.purpose == .transactional)
        #expect(page.text.contains("on WhatsApp") && page.text.contains("3210"))
        #expect(OneTimeCodes.mask("asha@example.in") == "a•••@example.in")
    }

    @Test func theCodeIsSentInTheBorrowersLanguage() throws {
        let world = try WebWorld()
        try world.store.transaction {
            _ = try world.store.upsertLoan(WebWorld.loan("H1", borrower: "BH", phone: "+919700000001", language: "hi"),
                                           lenderID: "default", importID: try world.store.nextImportID())
        }
        let link = try world.issueLink(loanID: "H1")
        #expect(world.get(link).status == 200)
        let message = try #require(try world.codeMessages().last)
        #expect(message.language == "hi")
        #expect(message.body.contains("कोड"))
        #expect(SixDigits.find(in: message.body) != nil)
    }

    @Test func wrongCodeThenRightCodeEntersOnceAndRecordsEngagement() throws {
        let world = try WebWorld()
        let link = try world.issueLink(loanID: "L1")
        let page = world.get(link)
        let anonymous = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        let withCookie = Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous])
        let code = try world.latestCode()
        let wrong = code == "000000" ? "111111" : "000000"

        let first = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", wrong)])
        #expect(first.status == 400)
        #expect(first.text.contains("Attempts left: 4"))
        #expect(first.cookie(WebApp.borrowerCookie) == nil)
        let second = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", wrong)])
        #expect(second.status == 400)
        #expect(second.text.contains("Attempts left: 3"))

        // Without the CSRF token (field missing, or cookie missing): 403 and no attempt counted.
        let noField = world.post(link, as: withCookie, form: [("code", code)])
        #expect(noField.status == 403)
        let noCookie = world.post(link, form: [("csrf", anonymous), ("code", code)])
        #expect(noCookie.status == 403)
        let mismatched = world.post(link, as: withCookie, form: [("csrf", Sodium.randomToken()), ("code", code)])
        #expect(mismatched.status == 403)
        let stored = try #require(try world.store.link(tokenHash: Sodium.sha256Hex(String(link.dropFirst(3)))))
        #expect(stored.codeAttempts == 2)
        #expect(stored.usedAt == nil)

        let entered = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", " \(code) ")])
        #expect(entered.status == 303)
        #expect(entered.headers["Location"] == "/portal/loans/L1")
        let sessionField = try #require(entered.setCookieField(WebApp.borrowerCookie))
        #expect(sessionField.contains("HttpOnly"))
        #expect(sessionField.contains("SameSite=Lax"))
        #expect(sessionField.contains("Max-Age=1800"))
        let token = try #require(entered.cookie(WebApp.borrowerCookie))
        #expect(world.get("/portal", as: Credentials(cookies: [WebApp.borrowerCookie: token])).status == 200)

        // The case moved to engaged, with the borrower as actor.
        let events = try world.events("L1")
        let engaged = try #require(events.last)
        #expect(engaged.kind == .engaged)
        #expect(engaged.actor == Actor(.borrower, "B1"))
        #expect(try world.summary("L1").state.status == .engaged)
        #expect(try world.events("L2").count == 1)   // only the linked loan's case

        // Single use: the link is gone, for GET and POST alike, and sends no more codes.
        let reused = world.get(link)
        #expect(reused.status == 404)
        let reposted = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", code)])
        #expect(reposted.status == 404)
        #expect(try world.codeMessages().count == 1)
    }

    @Test func usedExpiredAndUnknownLinksLookTheSame() throws {
        let world = try WebWorld()
        let link = try world.issueLink(loanID: "L1")
        world.clock.advance(seconds: world.configuration.linkLifetimeSeconds + 1)
        let expired = world.get(link)
        #expect(expired.status == 404)
        #expect(try world.codeMessages().isEmpty)
        let unknown = world.get("/p/" + Sodium.randomToken())
        #expect(unknown.status == 404)
        let short = world.get("/p/abc")
        #expect(short.status == 404)
        // The same page whatever the reason (only the request id differs).
        #expect(HTMLScrape.main(expired.text) == HTMLScrape.main(unknown.text))
        #expect(HTMLScrape.main(unknown.text) == HTMLScrape.main(short.text))
        #expect(expired.text.contains("This link cannot be used"))
    }

    @Test func linkStillWorksJustBeforeItExpires() throws {
        let world = try WebWorld()
        let link = try world.issueLink(loanID: "L1")
        world.clock.advance(seconds: world.configuration.linkLifetimeSeconds - 1)
        #expect(world.get(link).status == 200)
        #expect(try world.codeMessages().count == 1)
    }

    @Test func anExpiredCodeIsRefusedAndANewVisitSendsANewOne() throws {
        let world = try WebWorld()
        let link = try world.issueLink(loanID: "L1")
        let page = world.get(link)
        let anonymous = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        let withCookie = Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous])
        let oldCode = try world.latestCode()

        world.clock.advance(seconds: 11 * 60)
        let late = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", oldCode)])
        #expect(late.status == 400)
        #expect(late.text.contains("expired"))
        #expect(!late.text.contains("<form method=\"post\" action=\"/p/"))
        #expect(late.cookie(WebApp.borrowerCookie) == nil)

        let again = world.get(link, as: withCookie)
        #expect(again.status == 200)
        let messages = try world.codeMessages()
        #expect(messages.count == 2)
        let newCode = try world.latestCode()
        if newCode != oldCode {
            // The old code is only good for the old challenge.
            let stale = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", oldCode)])
            #expect(stale.status == 400)
        }
        let entered = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", newCode)])
        #expect(entered.status == 303)
        #expect(entered.cookie(WebApp.borrowerCookie) != nil)
    }

    @Test func fiveWrongCodesLockTheLink() throws {
        let world = try WebWorld()
        let link = try world.issueLink(loanID: "L1")
        let page = world.get(link)
        let anonymous = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        let withCookie = Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous])
        let code = try world.latestCode()
        let wrong = code == "999999" ? "888888" : "999999"
        var statuses: [Int] = []
        for _ in 1...5 {
            statuses.append(world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", wrong)]).status)
        }
        #expect(statuses == [400, 400, 400, 400, 429])
        let right = world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", code)])
        #expect(right.status == 429)
        #expect(right.cookie(WebApp.borrowerCookie) == nil)
        #expect(right.text.contains("Too many wrong codes"))
        // Visiting again shows the lock and sends no new code, even after the code would have expired.
        world.clock.advance(seconds: 11 * 60)
        let visit = world.get(link, as: withCookie)
        #expect(visit.status == 429)
        #expect(try world.codeMessages().count == 1)
        #expect(world.post(link, as: withCookie, form: [("csrf", anonymous), ("code", code)]).status == 429)
        #expect(try world.events("L1").count == 1)   // never engaged
    }

    @Test func theBorrowerSessionExpires() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        #expect(world.get("/portal", as: borrower).status == 200)
        world.clock.advance(seconds: world.configuration.borrowerSessionSeconds + 1)
        #expect(world.get("/portal", as: borrower).status == 403)
        #expect(world.get("/api/v1/me/loans", as: borrower).status == 401)
    }
}
