import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyHTTP
@testable import ParleyWeb

/// Staff sign-in and pages; the JSON API and who may use which part of it.
@Suite struct StaffTests {
    @Test func signInPageCarriesACSRFToken() throws {
        let world = try WebWorld()
        let page = world.get("/login")
        #expect(page.status == 200)
        let cookie = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        #expect(HTMLScrape.csrf(in: page.text) == cookie)
        #expect(page.text.contains("name=\"email\""))
        #expect(page.text.contains("name=\"password\""))
        #expect(world.get("/").headers["Location"] == "/login")
    }

    @Test func wrongPasswordOrUnknownEmailIs401() throws {
        let world = try WebWorld()
        let cookie = try #require(world.get("/login").cookie(WebApp.anonymousCSRFCookie))
        let withCookie = Credentials(cookies: [WebApp.anonymousCSRFCookie: cookie])
        let wrong = world.post("/login", as: withCookie,
                               form: [("csrf", cookie), ("email", "admin@default.test"), ("password", "not it")])
        #expect(wrong.status == 401)
        #expect(wrong.cookie(WebApp.staffCookie) == nil)
        #expect(wrong.text.contains("The email or password is not right."))
        let unknown = world.post("/login", as: withCookie,
                                 form: [("csrf", cookie), ("email", "nobody@default.test"), ("password", TestPasswords.password)])
        #expect(unknown.status == 401)
        // The same answer for both, so a probe learns nothing about which emails exist.
        #expect(wrong.text == unknown.text)
        let noCSRF = world.post("/login", as: withCookie,
                                form: [("email", "admin@default.test"), ("password", TestPasswords.password)])
        #expect(noCSRF.status == 403)
        #expect(noCSRF.cookie(WebApp.staffCookie) == nil)
    }

    @Test func rightPasswordStartsASessionAndShowsOnlyTheLendersCases() throws {
        let world = try WebWorld()
        let cookie = try #require(world.get("/login").cookie(WebApp.anonymousCSRFCookie))
        let response = world.post("/login", as: Credentials(cookies: [WebApp.anonymousCSRFCookie: cookie]),
                                  form: [("csrf", cookie), ("email", "admin@default.test"), ("password", TestPasswords.password)])
        #expect(response.status == 303)
        #expect(response.headers["Location"] == "/staff")
        let field = try #require(response.setCookieField(WebApp.staffCookie))
        #expect(field.contains("HttpOnly"))
        #expect(field.contains("SameSite=Lax"))
        #expect(!field.contains("Secure"))
        let staff = Credentials(cookies: [WebApp.staffCookie: try #require(response.cookie(WebApp.staffCookie))])
        let dashboard = world.get("/staff", as: staff)
        #expect(dashboard.status == 200)
        for loan in ["L1", "L2", "L3"] { #expect(dashboard.text.contains(try world.caseID(loan))) }
        #expect(!dashboard.text.contains(try world.caseID("A1")))
        #expect(!dashboard.text.contains("Other Person"))
        // Asking for another lender changes nothing for a lender-bound role.
        let sneaky = world.get("/staff?lender=acme", as: staff)
        #expect(sneaky.status == 200)
        #expect(!sneaky.text.contains(try world.caseID("A1")))
        // Case detail: own lender's case yes, acme's no (same as a nonexistent id).
        #expect(world.get("/staff/cases/\(try world.caseID("L1"))", as: staff).status == 200)
        let acme = world.get("/staff/cases/\(try world.caseID("A1"))", as: staff)
        let none = world.get("/staff/cases/C9999999", as: staff)
        #expect(acme.status == 404)
        #expect(none.status == 404)
    }

    @Test func secureCookiesWhenConfigured() throws {
        let world = try WebWorld { $0.secureCookies = true }
        let page = world.get("/login")
        #expect(try #require(page.setCookieField(WebApp.anonymousCSRFCookie)).contains("Secure"))
        let cookie = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        let response = world.post("/login", as: Credentials(cookies: [WebApp.anonymousCSRFCookie: cookie]),
                                  form: [("csrf", cookie), ("email", "admin@default.test"), ("password", TestPasswords.password)])
        #expect(try #require(response.setCookieField(WebApp.staffCookie)).contains("; Secure"))
    }

    @Test func staffPagesRedirectToSignInWithoutASession() throws {
        let world = try WebWorld()
        let anonymous = world.get("/staff")
        #expect(anonymous.status == 303)
        #expect(anonymous.headers["Location"] == "/login")
        let forged = world.get("/staff", as: Credentials(cookies: [WebApp.staffCookie: Sodium.randomToken()]))
        #expect(forged.status == 303)
        #expect(forged.headers["Location"] == "/login")
        let detail = world.get("/staff/cases/\(try world.caseID("L1"))")
        #expect(detail.status == 303)
    }

    @Test func logoutNeedsTheTokenAndEndsTheSession() throws {
        let world = try WebWorld()
        let staff = try world.signIn("admin@default.test")
        #expect(!staff.csrf.isEmpty)
        let forged = world.post("/logout", as: staff, form: [("csrf", "nope")])
        #expect(forged.status == 403)
        #expect(world.get("/staff", as: staff).status == 200)
        let out = world.post("/logout", as: staff, form: [("csrf", staff.csrf)])
        #expect(out.status == 303)
        #expect(out.headers["Location"] == "/login")
        #expect(try #require(out.setCookieField(WebApp.staffCookie)).contains("Max-Age=0"))
        let after = world.get("/staff", as: staff)
        #expect(after.status == 303)
        #expect(after.headers["Location"] == "/login")
        #expect(world.get("/api/v1/cases", as: staff).status == 401)
    }

    @Test func staffSessionsExpire() throws {
        let world = try WebWorld()
        let staff = try world.signIn("agent@default.test")
        world.clock.advance(seconds: world.configuration.staffSessionSeconds + 1)
        #expect(world.get("/staff", as: staff).status == 303)
    }

    @Test func signInAttemptsAreRateLimitedPerAddress() throws {
        let world = try WebWorld()
        let cookie = try #require(world.get("/login").cookie(WebApp.anonymousCSRFCookie))
        let withCookie = Credentials(cookies: [WebApp.anonymousCSRFCookie: cookie])
        var statuses: [Int] = []
        for _ in 0..<world.configuration.authAttemptsPerMinutePerAddress + 1 {
            statuses.append(world.post("/login", as: withCookie,
                                       form: [("csrf", cookie), ("email", "admin@default.test"), ("password", "guess")]).status)
        }
        #expect(statuses.dropLast().allSatisfy { $0 == 401 })
        #expect(statuses.last == 429)
        // Another address is not affected; a minute later this one may try again.
        let elsewhere = world.send(.POST, "/login", as: withCookie, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                   body: Array(FormEncoding.encode([("csrf", cookie), ("email", "admin@default.test"),
                                                                    ("password", TestPasswords.password)]).utf8),
                                   remoteAddress: "10.0.0.2")
        #expect(elsewhere.status == 303)
        world.clock.advance(seconds: 61)
        #expect(world.post("/login", as: withCookie,
                           form: [("csrf", cookie), ("email", "admin@default.test"), ("password", TestPasswords.password)]).status == 303)
    }
}

@Suite struct APITests {
    private func caseIDs(_ response: HTTPResponse) -> [String] {
        (response.json?["cases"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
    }

    @Test func unauthenticatedAndBadKeysAre401() throws {
        let world = try WebWorld()
        let anonymous = world.get("/api/v1/cases")
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["Content-Type"] == "application/json")
        #expect(anonymous.json?["error"]?["status"]?.intValue == 401)
        #expect(anonymous.json?["error"]?["message"]?.stringValue != nil)
        let badKey = world.get("/api/v1/cases", headers: WebWorld.bearer("pk_nope"))
        #expect(badKey.status == 401)
        #expect(badKey.json?["error"]?["status"]?.intValue == 401)
        let notBearer = world.get("/api/v1/cases", headers: [("Authorization", "Basic " + WebWorld.apiKeyDefault)])
        #expect(notBearer.status == 401)
        for target in ["/api/v1/cases/C0000001", "/api/v1/cases/C0000001/events", "/api/v1/loans/L1/dues", "/api/v1/me/loans"] {
            #expect(world.get(target).status == 401, "GET \(target)")
        }
        let write = world.postJSON("/api/v1/loans", json: #"{"loans":[]}"#)
        #expect(write.status == 401)
    }

    @Test func revokedKeysStopWorking() throws {
        let world = try WebWorld()
        #expect(world.get("/api/v1/cases", headers: WebWorld.bearer(WebWorld.apiKeyDefault)).status == 200)
        #expect(try world.store.revokeAPIKey(prefix: String(WebWorld.apiKeyDefault.prefix(12)), lenderID: "default",
                                             at: world.clock.read()))
        #expect(world.get("/api/v1/cases", headers: WebWorld.bearer(WebWorld.apiKeyDefault)).status == 401)
        #expect(world.get("/api/v1/cases", headers: WebWorld.bearer(WebWorld.apiKeyAcme)).status == 200)
    }

    @Test func aKeySeesOnlyItsLendersCases() throws {
        let world = try WebWorld()
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let list = world.get("/api/v1/cases", headers: key)
        #expect(list.status == 200)
        let expected = try ["L1", "L2", "L3"].map { try world.caseID($0) }
        #expect(caseIDs(list) == expected)
        #expect(list.json?["next_after"] == .null)
        // ?lender is ignored for a lender-bound key.
        #expect(caseIDs(world.get("/api/v1/cases?lender=acme", headers: key)) == expected)
        // Paging and filters.
        let page = world.get("/api/v1/cases?limit=2", headers: key)
        #expect(caseIDs(page) == Array(expected.prefix(2)))
        let next = try #require(page.json?["next_after"]?.stringValue)
        #expect(caseIDs(world.get("/api/v1/cases?limit=2&after=\(next)", headers: key)) == [expected[2]])
        #expect(caseIDs(world.get("/api/v1/cases?loan_id=L2", headers: key)) == [expected[1]])
        #expect(caseIDs(world.get("/api/v1/cases?status=open", headers: key)) == expected)
        #expect(caseIDs(world.get("/api/v1/cases?status=resolved", headers: key)).isEmpty)
        #expect(world.get("/api/v1/cases?status=bogus", headers: key).status == 400)
        #expect(world.get("/api/v1/cases?limit=0", headers: key).status == 400)
        #expect(world.get("/api/v1/cases?after=xyz", headers: key).status == 400)

        let acmeID = try world.caseID("A1")
        let foreign = world.get("/api/v1/cases/\(acmeID)", headers: key)
        let missing = world.get("/api/v1/cases/C9999999", headers: key)
        #expect(foreign.status == 404)
        #expect(missing.status == 404)
        #expect(foreign.text == missing.text)
        #expect(world.get("/api/v1/cases/\(acmeID)/events", headers: key).text == missing.text)
        #expect(world.get("/api/v1/loans/A1/dues", headers: key).status == 404)
        // Acme's own key does see it.
        let acme = world.get("/api/v1/cases/\(acmeID)", headers: WebWorld.bearer(WebWorld.apiKeyAcme))
        #expect(acme.status == 200)
        #expect(acme.json?["lender_id"]?.stringValue == "acme")
        #expect(acme.json?["loan_id"]?.stringValue == "A1")
    }

    @Test func caseDetailAndHashChainedEvents() throws {
        let world = try WebWorld()
        _ = try world.enterAsBorrower(loanID: "L1")    // adds an `engaged` event
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let caseID = try world.caseID("L1")
        let detail = world.get("/api/v1/cases/\(caseID)", headers: key)
        #expect(detail.status == 200)
        #expect(detail.json?["id"]?.stringValue == caseID)
        #expect(detail.json?["status"]?.stringValue == "engaged")
        #expect(detail.json?["event_count"]?.intValue == 2)
        let response = world.get("/api/v1/cases/\(caseID)/events", headers: key)
        #expect(response.status == 200)
        #expect(response.json?["case_id"]?.stringValue == caseID)
        let events = try #require(response.json?["events"]?.arrayValue)
        #expect(events.count == 2)
        #expect(events.map { $0["seq"]?.intValue } == [1, 2])
        #expect(events.map { $0["type"]?.stringValue } == ["opened", "engaged"])
        #expect(events[1]["actor"]?["kind"]?.stringValue == "borrower")
        #expect(events[1]["prev_hash"]?.stringValue == events[0]["hash"]?.stringValue)
        #expect(detail.json?["head_hash"]?.stringValue == events[1]["hash"]?.stringValue)
        #expect(events[0]["hash"]?.stringValue?.count == 64)
    }

    @Test func upsertingLoansReportsPerItemAndIsIdempotent() throws {
        let world = try WebWorld()
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let body = #"""
        {"loans": [
          {"loan_id": "N1", "borrower_id": "BN1", "borrower_name": "Meera Iyer", "phone": "+919812345678",
           "jurisdiction": "IN", "currency": "INR", "principal": "50000.00", "annual_rate_bps": 1400,
           "tenure_months": "12", "first_due_on": "2026-03-31", "language": "hi"},
          {"loan_id": "N2", "borrower_id": "BN2", "borrower_name": "Bad Phone", "phone": "12345",
           "jurisdiction": "IN", "currency": "INR", "principal": "50000.00", "annual_rate_bps": 1400,
           "tenure_months": 12, "first_due_on": "2026-03-31"}
        ]}
        """#
        let first = world.postJSON("/api/v1/loans", json: body, headers: key)
        #expect(first.status == 200)
        let json = try #require(first.json)
        #expect(json["inserted"]?.intValue == 1)
        #expect(json["unchanged"]?.intValue == 0)
        #expect(json["rejected"]?.intValue == 1)
        let results = try #require(json["results"]?.arrayValue)
        #expect(results.count == 2)
        #expect(results[0]["status"]?.stringValue == "inserted")
        #expect(results[0]["loan_id"]?.stringValue == "N1")
        #expect(results[1]["status"]?.stringValue == "rejected")
        #expect(results[1]["index"]?.intValue == 1)
        #expect(results[1]["errors"]?.arrayValue?.first?["field"]?.stringValue == "phone")
        #expect(try world.store.loan(lenderID: "default", loanID: "N1") != nil)
        #expect(try world.store.loan(lenderID: "default", loanID: "N2") == nil)
        #expect(try world.store.loan(lenderID: "acme", loanID: "N1") == nil)

        let again = world.postJSON("/api/v1/loans", json: body, headers: key)
        #expect(again.status == 200)
        #expect(again.json?["inserted"]?.intValue == 0)
        #expect(again.json?["unchanged"]?.intValue == 1)
        #expect(again.json?["rejected"]?.intValue == 1)
        #expect(try world.store.loanCount(lenderID: "default") == 4)

        // Payments: the same shape, the loan's currency for the amount.
        let payments = world.postJSON("/api/v1/payments", json: #"""
            {"payments": [{"loan_id": "N1", "paid_on": "2026-04-01", "amount": "1000.50", "reference": "UTR-1"},
                          {"loan_id": "NOPE", "paid_on": "2026-04-01", "amount": "1.00", "reference": "UTR-2"}]}
            """#, headers: key)
        #expect(payments.status == 200)
        #expect(payments.json?["inserted"]?.intValue == 1)
        #expect(payments.json?["rejected"]?.intValue == 1)
        let loan = try #require(try world.store.loan(lenderID: "default", loanID: "N1"))
        #expect(try world.store.payments(loanKey: loan.key).count == 1)
    }

    @Test func badBodiesAreRefusedAndChangeNothing() throws {
        let world = try WebWorld()
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let item = #"{"loans":[{"loan_id":"N1","borrower_id":"B","borrower_name":"X","phone":"+919812345678","jurisdiction":"IN","currency":"INR","principal":"1.00","annual_rate_bps":1,"tenure_months":1,"first_due_on":"2026-05-01"}]}"#
        let wrongType = world.send(.POST, "/api/v1/loans", headers: key + [("Content-Type", "text/plain")], body: Array(item.utf8))
        #expect(wrongType.status == 415)
        #expect(wrongType.json?["error"]?["status"]?.intValue == 415)
        let noType = world.send(.POST, "/api/v1/loans", headers: key, body: Array(item.utf8))
        #expect(noType.status == 415)
        let malformed = world.postJSON("/api/v1/loans", json: #"{"loans":[{"loan_id":"N1","#, headers: key)
        #expect(malformed.status == 400)
        #expect(malformed.json?["error"]?["status"]?.intValue == 400)
        let notUTF8 = world.send(.POST, "/api/v1/loans", headers: key + [("Content-Type", "application/json")], body: [0xFF, 0xFE, 0x7B])
        #expect(notUTF8.status == 400)
        #expect(world.postJSON("/api/v1/loans", json: #"{"payments":[]}"#, headers: key).status == 400)
        #expect(world.postJSON("/api/v1/loans", json: #"{"loans":[]}"#, headers: key).status == 422)
        let unknownField = world.postJSON("/api/v1/loans", json: #"{"loans":[{"loan_id":"N9","colour":"red"}]}"#, headers: key)
        #expect(unknownField.status == 200)
        #expect(unknownField.json?["rejected"]?.intValue == 1)
        #expect(try world.store.loanCount(lenderID: "default") == 3)
        // A valid body after all that works.
        #expect(world.postJSON("/api/v1/loans", json: item, headers: key).json?["inserted"]?.intValue == 1)
    }

    @Test func staffWritesNeedTheRightRoleAndTheCSRFHeader() throws {
        let world = try WebWorld()
        let item = #"{"loans":[{"loan_id":"S1","borrower_id":"BS","borrower_name":"Staff Added","phone":"+919812345678","jurisdiction":"IN","currency":"INR","principal":"100.00","annual_rate_bps":100,"tenure_months":3,"first_due_on":"2026-05-01"}]}"#
        let agent = try world.signIn("agent@default.test")
        let byAgent = world.postJSON("/api/v1/loans", as: agent, json: item, headers: [("X-CSRF-Token", agent.csrf)])
        #expect(byAgent.status == 403)
        #expect(byAgent.json?["error"]?["status"]?.intValue == 403)
        // An agent may read, though.
        #expect(world.get("/api/v1/cases", as: agent).status == 200)

        let admin = try world.signIn("admin@default.test")
        let noToken = world.postJSON("/api/v1/loans", as: admin, json: item)
        #expect(noToken.status == 403)
        let wrongToken = world.postJSON("/api/v1/loans", as: admin, json: item, headers: [("X-CSRF-Token", agent.csrf)])
        #expect(wrongToken.status == 403)
        #expect(try world.store.loan(lenderID: "default", loanID: "S1") == nil)
        let ok = world.postJSON("/api/v1/loans?lender=acme", as: admin, json: item, headers: [("X-CSRF-Token", admin.csrf)])
        #expect(ok.status == 200)
        #expect(ok.json?["inserted"]?.intValue == 1)
        // Written to the admin's own lender, whatever ?lender says.
        #expect(try world.store.loan(lenderID: "default", loanID: "S1") != nil)
        #expect(try world.store.loan(lenderID: "acme", loanID: "S1") == nil)
    }

    @Test func rolesAndTenantsOnCaseReads() throws {
        let world = try WebWorld()
        let defaultIDs = try ["L1", "L2", "L3"].map { try world.caseID($0) }
        let acmeIDs = [try world.caseID("A1")]

        let mediator = try world.signIn("mediator@odr.test")
        let denied = world.get("/api/v1/cases", as: mediator)
        #expect(denied.status == 403)
        #expect(denied.json?["error"]?["status"]?.intValue == 403)
        #expect(world.get("/api/v1/cases/\(defaultIDs[0])", as: mediator).status == 403)
        #expect(world.get("/staff", as: mediator).status == 403)

        let platform = try world.signIn("platform@parley.test")
        #expect(caseIDs(world.get("/api/v1/cases?lender=acme", as: platform)) == acmeIDs)
        #expect(caseIDs(world.get("/api/v1/cases", as: platform)) == defaultIDs)
        #expect(world.get("/api/v1/cases/\(acmeIDs[0])?lender=acme", as: platform).status == 200)
        #expect(world.get("/api/v1/cases/\(acmeIDs[0])", as: platform).status == 404)
        // An unknown lender is a 404, never a server error (regression: it was a 500 on writes).
        #expect(world.get("/api/v1/cases?lender=nosuch", as: platform).status == 404)
        let unknownWrite = world.postJSON("/api/v1/loans?lender=nosuch", as: platform,
                                          json: #"{"loans":[{"loan_id":"Z1"}]}"#, headers: [("X-CSRF-Token", platform.csrf)])
        #expect(unknownWrite.status == 404)

        let acmeAdmin = try world.signIn("admin@acme.test")
        #expect(caseIDs(world.get("/api/v1/cases", as: acmeAdmin)) == acmeIDs)
        #expect(caseIDs(world.get("/api/v1/cases?lender=default", as: acmeAdmin)) == acmeIDs)
        #expect(world.get("/api/v1/cases/\(defaultIDs[0])", as: acmeAdmin).status == 404)

        let borrower = try world.enterAsBorrower(loanID: "L1")
        let asBorrower = world.get("/api/v1/cases", as: borrower)
        #expect(asBorrower.status == 403)
        #expect(asBorrower.json?["error"]?["status"]?.intValue == 403)
        #expect(world.get("/api/v1/cases/\(defaultIDs[0])", as: borrower).status == 403)
        #expect(world.get("/api/v1/loans/L1/dues", as: borrower).status == 403)
        let write = world.postJSON("/api/v1/loans", as: borrower, json: #"{"loans":[]}"#, headers: [("X-CSRF-Token", borrower.csrf)])
        #expect(write.status == 403)
        // API keys and staff cannot use the borrower endpoint.
        #expect(world.get("/api/v1/me/loans", headers: WebWorld.bearer(WebWorld.apiKeyDefault)).status == 403)
        #expect(world.get("/api/v1/me/loans", as: platform).status == 403)
    }

    @Test func theBorrowerSeesOwnLoansWithDuesAndPathways() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let response = world.get("/api/v1/me/loans", as: borrower)
        #expect(response.status == 200)
        let loans = try #require(response.json?["loans"]?.arrayValue)
        #expect(loans.map { $0["loan_id"]?.stringValue } == ["L1", "L2"])
        let first = try #require(loans.first)
        let dues = try world.dues("L1")
        #expect(first["dues"]?["total_overdue"]?.intValue == dues.totalOverdue)
        #expect(first["dues"]?["payoff"]?.intValue == dues.payoff)
        #expect(first["dues"]?["dpd"]?.intValue == Int64(dues.dpd))
        #expect(first["dues"]?["as_of"]?.stringValue == "2026-04-15")
        let kinds = (first["pathways"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }
        #expect(kinds.first == "pay_overdue")
        #expect(kinds.contains("pay_in_full"))
        #expect(kinds.last == "dispute")
        #expect(first["pathways"]?.arrayValue?.first?["amount"]?.intValue == dues.totalOverdue)
    }

    @Test func theBorrowerAPIReachesOnlyOwnCasesAndRecordsProposals() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let own = try world.caseID("L1")
        let events = world.get("/api/v1/me/cases/\(own)/events", as: borrower)
        #expect(events.status == 200)
        #expect(events.json?["events"]?.arrayValue?.count == 2)
        let other = world.get("/api/v1/me/cases/\(try world.caseID("L3"))/events", as: borrower)
        let acme = world.get("/api/v1/me/cases/\(try world.caseID("A1"))/events", as: borrower)
        let none = world.get("/api/v1/me/cases/C9999999/events", as: borrower)
        #expect(other.status == 404)
        #expect(acme.status == 404)
        #expect(other.text == none.text)
        #expect(acme.text == none.text)
        #expect(world.get("/api/v1/me/cases/\(own)/events", headers: WebWorld.bearer(WebWorld.apiKeyDefault)).status == 403)

        let before = try world.events("L1")
        let proposal = #"{"amount":"15000.00","instalments":3,"first_date":"2026-05-01"}"#
        #expect(world.postJSON("/api/v1/me/cases/\(own)/proposals", as: borrower, json: proposal).status == 403)
        let foreign = world.postJSON("/api/v1/me/cases/\(try world.caseID("L3"))/proposals", as: borrower, json: proposal,
                                     headers: [("X-CSRF-Token", borrower.csrf)])
        #expect(foreign.status == 404)
        for bad in [#"{"amount":"-1","instalments":3,"first_date":"2026-05-01"}"#,
                    #"{"amount":"100","instalments":99,"first_date":"2026-05-01"}"#,
                    #"{"amount":"100","instalments":3,"first_date":"2020-01-01"}"#,
                    #"{"amount":"100","instalments":3,"first_date":"2026-05-01","extra":1}"#] {
            let response = world.postJSON("/api/v1/me/cases/\(own)/proposals", as: borrower, json: bad,
                                          headers: [("X-CSRF-Token", borrower.csrf)])
            #expect(response.status == 422, "\(bad)")
        }
        #expect(world.postJSON("/api/v1/me/cases/\(own)/proposals", as: borrower, json: "{", headers: [("X-CSRF-Token", borrower.csrf)]).status == 400)
        #expect(try world.events("L1") == before)
        #expect(try world.events("L3").count == 1)

        let created = world.postJSON("/api/v1/me/cases/\(own)/proposals", as: borrower, json: proposal,
                                     headers: [("X-CSRF-Token", borrower.csrf)])
        #expect(created.status == 201)
        #expect(created.json?["type"]?.stringValue == "negotiation_started")
        #expect(created.json?["prev_hash"]?.stringValue == before.last?.hash)
        let event = try #require(try world.events("L1").last)
        #expect(event.kind == .negotiationStarted)
        #expect(event.actor == Actor(.borrower, "B1"))
        #expect(event.data["kind"]?.stringValue == "proposal")
        #expect(event.data["amount"]?.intValue == 1_500_000)
        #expect(event.data["instalments"]?.intValue == 3)
    }

    @Test func theOpenAPIDocumentDescribesEveryServedPath() throws {
        let world = try WebWorld()
        let response = world.get("/api/v1/openapi.json")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "application/json")
        let document = try #require(response.json)
        #expect(document["openapi"]?.stringValue == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)

        // Every documented operation reaches a route with that pattern.
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in (item.objectValue ?? [:]).keys {
                let pattern = path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
                documented.insert("\(method.uppercased()) \(pattern)")
                let sample = path.replacingOccurrences(of: "{loan_id}", with: "L1").replacingOccurrences(of: "{case_id}", with: "C0000001")
                let request = HTTPRequest(method: HTTPMethod(rawValue: method.uppercased())!, target: sample)
                let (_, route) = world.app.router.dispatch(request, keepHeadBody: false)
                #expect(route == pattern, "\(method) \(path) is documented but served by \(route)")
            }
        }
        // Every /api/v1 route registered in the source is documented (the document itself aside).
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/ParleyWeb/API/WebApp+API.swift")
        let text = try String(contentsOf: source, encoding: .utf8)
        var served: Set<String> = []
        for line in text.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("api(.") || trimmed.hasPrefix("router.add(.") else { continue }
            guard let dot = trimmed.firstIndex(of: "."), let comma = trimmed.firstIndex(of: ","),
                  let open = trimmed.firstIndex(of: "\"") else { continue }
            let method = trimmed[trimmed.index(after: dot)..<comma]
            let rest = trimmed[trimmed.index(after: open)...]
            guard let close = rest.firstIndex(of: "\"") else { continue }
            let pattern = String(rest[..<close])
            guard pattern.hasPrefix("/api/v1/"), pattern != "/api/v1/openapi.json" else { continue }
            served.insert("\(method) \(pattern)")
        }
        let core: Set<String> = ["POST /api/v1/loans", "POST /api/v1/payments", "GET /api/v1/loans/:loan_id/dues", "GET /api/v1/cases",
                                 "GET /api/v1/cases/:case_id", "GET /api/v1/cases/:case_id/events", "GET /api/v1/me/loans"]
        #expect(served.isSuperset(of: core))
        #expect(served == documented)
        // Every response code and security scheme referenced exists.
        let schemas = try #require(document["components"]?["schemas"]?.objectValue)
        for name in ["Error", "Dues", "Case", "Event", "LoanItem", "PaymentItem", "UpsertResult"] {
            #expect(schemas[name] != nil, "schema \(name)")
        }
    }

    @Test func dueAsOfADateAndBadDates() throws {
        let world = try WebWorld()
        let key = WebWorld.bearer(WebWorld.apiKeyDefault)
        let early = world.get("/api/v1/loans/L2/dues?as_of=2026-01-15", headers: key)
        #expect(early.status == 200)
        #expect(early.json?["total_overdue"]?.intValue == 0)
        #expect(early.json?["dpd"]?.intValue == 0)
        #expect(world.get("/api/v1/loans/L2/dues?as_of=15-01-2026", headers: key).status == 400)
        #expect(world.get("/api/v1/loans/NOPE/dues", headers: key).status == 404)
    }
}
