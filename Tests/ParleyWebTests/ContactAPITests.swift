import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// `POST /api/v1/borrowers/{id}/contact`: a lender's systems register push tokens, opt-ins and opt-outs.
@Suite struct ContactAPITests {
    static let path = "/api/v1/borrowers/B1/contact"

    @Test func aLenderSystemRegistersATokenAnOptInAndAnOptOut() throws {
        let world = try WebWorld()
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let response = world.postJSON(Self.path, json: #"{"push_token":"fcm-token-1","opt_in":["whatsapp"],"opt_out":["email"]}"#, headers: key)
        #expect(response.status == 200)
        #expect(try JSONParser.parse(String(decoding: response.body, as: UTF8.self)) == [
            "borrower_id": "B1", "changes": ["push_token", "opt_in:whatsapp", "opt_out:email"],
            "opted_in": ["whatsapp"], "opted_out": ["email"], "push_tokens": 1,
        ])
        let borrower = try #require(try world.store.borrower(lenderID: "default", borrowerID: "B1"))
        #expect(try world.store.pushTokens(borrowerKey: borrower.key) == ["fcm-token-1"])
        #expect(try world.store.consentedChannels(borrowerKey: borrower.key) == ["whatsapp"])
        // Recorded on each of the borrower's open cases, with the key as actor.
        let loan = try #require(try world.store.loan(lenderID: "default", loanID: "L1"))
        let caseKey = try #require(try world.store.openCase(loanKey: loan.key)).key
        let event = try #require(try world.store.events(caseKey: caseKey).last)
        #expect(event.rule == "contact.preferences" && event.actor.kind == .lenderSystem)
        #expect(event.data["changes"] == ["opt_in:whatsapp", "opt_out:email"])
        // The same again changes nothing and records nothing.
        let events = try world.store.events(caseKey: caseKey).count
        let again = world.postJSON(Self.path, json: #"{"opt_in":["whatsapp"],"opt_out":["email"]}"#, headers: key)
        #expect(try JSONParser.parse(String(decoding: again.body, as: UTF8.self))["changes"] == [])
        #expect(try world.store.events(caseKey: caseKey).count == events)
    }

    @Test func badRequestsChangeNothing() throws {
        let world = try WebWorld()
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let cases: [(String, Int, String)] = [
            (#"{"opt_in":["fax"]}"#, 422, "opt_in: each item is one of whatsapp, sms, email, push"),
            (#"{"opt_in":["sms"],"opt_out":["sms"]}"#, 422, "opt_in and opt_out both name sms"),
            (#"{"push_token":"has space"}"#, 422, "push_token: an FCM registration token (1 to 4096 characters, no spaces)"),
            (#"{"colour":"blue"}"#, 422, "unknown field colour (push_token, opt_in, opt_out)"),
            (#"[1]"#, 400, "expected an object"),
        ]
        for (json, status, message) in cases {
            let response = world.postJSON(Self.path, json: json, headers: key)
            #expect(response.status == status, "\(json)")
            #expect(try JSONParser.parse(String(decoding: response.body, as: UTF8.self))["error"]?["message"] == .string(message))
        }
        let borrower = try #require(try world.store.borrower(lenderID: "default", borrowerID: "B1"))
        #expect(try world.store.consentedChannels(borrowerKey: borrower.key).isEmpty)
        #expect(try world.store.pushTokens(borrowerKey: borrower.key).isEmpty)
    }

    @Test func anotherLendersKeyOrABorrowerCannotTouchIt() throws {
        let world = try WebWorld()
        // B1 exists at acme too (loan A1), but acme's key reaches acme's B1 only; default's unknown id is a 404.
        #expect(world.postJSON("/api/v1/borrowers/B2/contact", json: #"{"opt_in":["sms"]}"#,
                               headers: WebWorld.bearer(WebWorld.apiKeyAcme)).status == 404)
        #expect(world.postJSON(Self.path, json: #"{"opt_in":["sms"]}"#).status == 401)
        let borrower = try world.enterAsBorrower(loanID: "L1")
        #expect(world.postJSON(Self.path, as: borrower, json: #"{"opt_in":["sms"]}"#,
                               headers: [("X-CSRF-Token", borrower.csrf)]).status == 403)
    }
}
