import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyHTTP
@testable import ParleyWeb

/// The borrower's space once signed in: own loans and cases only, forms that become case events.
@Suite struct PortalTests {
    @Test func homeListsOnlyTheBorrowersOwnLoans() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let home = world.get("/portal", as: borrower)
        #expect(home.status == 200)
        #expect(home.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(home.text.contains("/portal/loans/L1"))
        #expect(home.text.contains("/portal/loans/L2"))
        #expect(!home.text.contains("L3"))
        #expect(!home.text.contains("A1"))
        #expect(!home.text.contains(try world.caseID("L3")))
        #expect(!home.text.contains(try world.caseID("A1")))
        #expect(home.text.contains(IndianRupees.format(try world.dues("L1").totalOverdue)))
    }

    @Test func loanPageShowsTheDuesFiguresOfTheLedger() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let dues = try world.dues("L1")
        #expect(dues.totalOverdue > 0)
        // The API gives the same figure as the ledger.
        let api = world.get("/api/v1/loans/L1/dues", headers: WebWorld.bearer(WebWorld.apiKeyDefault))
        #expect(api.status == 200)
        #expect(api.json?["total_overdue"]?.intValue == dues.totalOverdue)
        #expect(api.json?["payoff"]?.intValue == dues.payoff)

        let page = world.get("/portal/loans/L1", as: borrower)
        #expect(page.status == 200)
        let total = IndianRupees.format(dues.totalOverdue)
        #expect(total.hasPrefix("₹"))
        #expect(page.text.contains("<span class=\"val\">\(total)</span>"))
        #expect(page.text.contains("<span class=\"val\">\(IndianRupees.format(dues.payoff))</span>"))
        #expect(page.text.contains("<span class=\"val\">\(IndianRupees.format(dues.principalOutstanding))</span>"))
        // The total overdue is the highlighted figure.
        let keyFigure = try #require(page.text.range(of: "<div class=\"key\">"))
        #expect(page.text[keyFigure.upperBound...].prefix(400).contains(total))
        // Pathways open today, with the choose form.
        #expect(page.text.contains("action=\"/portal/loans/L1/choose\""))
        #expect(page.text.contains("value=\"pay_overdue\""))
        #expect(page.text.contains("/portal/cases/\(try world.caseID("L1"))"))
        #expect(page.body.count < 50 * 1024)
    }

    @Test func anotherBorrowersLoanOrCaseIsNotFound() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let otherLoan = world.get("/portal/loans/L3", as: borrower)
        let acmeLoan = world.get("/portal/loans/A1", as: borrower)
        let noLoan = world.get("/portal/loans/NOPE", as: borrower)
        #expect(otherLoan.status == 404)
        #expect(acmeLoan.status == 404)
        #expect(noLoan.status == 404)
        #expect(HTMLScrape.main(otherLoan.text) == HTMLScrape.main(noLoan.text))
        #expect(!otherLoan.text.contains("Ravi"))

        let otherCase = world.get("/portal/cases/\(try world.caseID("L3"))", as: borrower)
        // Acme's borrower has the same borrower id B1 in another tenant: still not theirs.
        let acmeCase = world.get("/portal/cases/\(try world.caseID("A1"))", as: borrower)
        let noCase = world.get("/portal/cases/C9999999", as: borrower)
        #expect(otherCase.status == 404)
        #expect(acmeCase.status == 404)
        #expect(noCase.status == 404)
        #expect(HTMLScrape.main(otherCase.text) == HTMLScrape.main(noCase.text))

        // Writing to someone else's case fails the same way and records nothing.
        let l3 = try world.caseID("L3")
        let write = world.post("/portal/cases/\(l3)/message", as: borrower, form: [("csrf", borrower.csrf), ("message", "hello")])
        #expect(write.status == 404)
        #expect(try world.events("L3").count == 1)
        let choose = world.post("/portal/loans/L3/choose", as: borrower, form: [("csrf", borrower.csrf), ("pathway", "pay_overdue")])
        #expect(choose.status == 404)
        #expect(try world.events("L3").count == 1)

        // Own case: fine.
        let own = world.get("/portal/cases/\(try world.caseID("L1"))", as: borrower)
        #expect(own.status == 200)
        #expect(own.text.contains("action=\"/portal/cases/\(try world.caseID("L1"))/proposal\""))
    }

    @Test func withoutASessionThePortalIsForbidden() throws {
        let world = try WebWorld()
        #expect(world.get("/portal").status == 403)
        #expect(world.get("/portal/loans/L1").status == 403)
        #expect(world.get("/portal", as: Credentials(cookies: [WebApp.borrowerCookie: Sodium.randomToken()])).status == 403)
        // A staff session is not a borrower session.
        let staff = try world.signIn("admin@default.test")
        #expect(world.get("/portal", as: staff).status == 403)
    }

    @Test func aProposalBecomesANegotiationEvent() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let before = try world.events("L1").count
        let response = world.post("/portal/cases/\(caseID)/proposal", as: borrower, form: [
            ("csrf", borrower.csrf), ("amount", "12,500.50"), ("instalments", "6"), ("first_date", "2026-05-01"),
        ])
        #expect(response.status == 303)
        #expect(response.headers["Location"] == "/portal/cases/\(caseID)?done=proposal")
        let events = try world.events("L1")
        #expect(events.count == before + 1)
        let event = try #require(events.last)
        #expect(event.kind == .negotiationStarted)
        #expect(event.actor == Actor(.borrower, "B1"))
        #expect(event.data["kind"]?.stringValue == "proposal")
        #expect(event.data["amount"]?.intValue == 1_250_050)
        #expect(event.data["currency"]?.stringValue == "INR")
        #expect(event.data["instalments"]?.intValue == 6)
        #expect(event.data["first_date"]?.stringValue == "2026-05-01")
        #expect(try world.summary("L1").state.status == .negotiating)

        // The timeline shows it, with the flash.
        let page = world.get("/portal/cases/\(caseID)?done=proposal", as: borrower)
        #expect(page.status == 200)
        #expect(page.text.contains("₹12,500.50"))
    }

    @Test(arguments: [
        [("amount", ""), ("instalments", "6"), ("first_date", "2026-05-01")],
        [("amount", "-5"), ("instalments", "6"), ("first_date", "2026-05-01")],
        [("amount", "abc"), ("instalments", "6"), ("first_date", "2026-05-01")],
        [("amount", "1000"), ("instalments", "0"), ("first_date", "2026-05-01")],
        [("amount", "1000"), ("instalments", "37"), ("first_date", "2026-05-01")],
        [("amount", "1000"), ("instalments", "6"), ("first_date", "2026-04-14")],
        [("amount", "1000"), ("instalments", "6"), ("first_date", "01/05/2026")],
        [("amount", "1000"), ("instalments", "6")],
    ])
    func invalidProposalsAreRefusedWithoutAnEvent(fields: [(String, String)]) throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let before = try world.events("L1")
        let response = world.post("/portal/cases/\(caseID)/proposal", as: borrower, form: [("csrf", borrower.csrf)] + fields)
        #expect(response.status == 400)
        #expect(response.text.contains("role=\"alert\""))
        #expect(try world.events("L1") == before)
    }

    @Test func formsWithoutTheirCSRFTokenAreForbidden() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let before = try world.events("L1")
        let valid = [("amount", "1000"), ("instalments", "3"), ("first_date", "2026-05-01")]
        #expect(world.post("/portal/cases/\(caseID)/proposal", as: borrower, form: valid).status == 403)
        #expect(world.post("/portal/cases/\(caseID)/proposal", as: borrower, form: [("csrf", "wrong")] + valid).status == 403)
        // Another session's token does not do either.
        let other = try world.enterAsBorrower(loanID: "L2")
        #expect(world.post("/portal/cases/\(caseID)/proposal", as: borrower, form: [("csrf", other.csrf)] + valid).status == 403)
        #expect(world.post("/portal/cases/\(caseID)/dispute", as: borrower, form: [("reason", "other")]).status == 403)
        #expect(world.post("/portal/loans/L1/choose", as: borrower, form: [("pathway", "pay_overdue")]).status == 403)
        let upload = world.send(.POST, "/portal/cases/\(caseID)/documents", as: borrower,
                                headers: [("Content-Type", Multipart.contentType)],
                                body: Multipart.body(fields: [], file: ("document", "a.pdf", "application/pdf", Array("%PDF-1.4\n".utf8))))
        #expect(upload.status == 403)
        #expect(try world.events("L1") == before)
        #expect(try world.store.documents(caseKey: try world.caseKey("L1")).isEmpty)
        // The header form works for the same token.
        let viaHeader = world.post("/portal/cases/\(caseID)/proposal", as: borrower, form: valid,
                                   headers: [("X-CSRF-Token", borrower.csrf)])
        #expect(viaHeader.status == 303)
    }

    @Test func hardshipPlacesAHardshipHold() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let response = world.post("/portal/cases/\(caseID)/hardship", as: borrower, form: [
            ("csrf", borrower.csrf), ("income", "15000"), ("expenses", "18,000.00"), ("dependants", "3"),
            ("statement", "Lost my job in March."),
        ])
        #expect(response.status == 303)
        #expect(response.headers["Location"] == "/portal/cases/\(caseID)?done=hardship")
        let event = try #require(try world.events("L1").last)
        #expect(event.kind == .holdPlaced)
        #expect(event.actor.kind == .borrower)
        #expect(event.data["kind"]?.stringValue == "hardship")
        #expect(event.data["monthly_income"]?.intValue == 1_500_000)
        #expect(event.data["monthly_expenses"]?.intValue == 1_800_000)
        #expect(event.data["dependants"]?.intValue == 3)
        #expect(try world.summary("L1").state.holds.contains(.hardship))

        let invalid = world.post("/portal/cases/\(caseID)/hardship", as: borrower, form: [
            ("csrf", borrower.csrf), ("income", ""), ("expenses", "x"), ("dependants", "-1"),
        ])
        #expect(invalid.status == 400)
    }

    @Test func disputePlacesADisputeHold() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let bad = world.post("/portal/cases/\(caseID)/dispute", as: borrower, form: [("csrf", borrower.csrf), ("reason", "because")])
        #expect(bad.status == 400)
        let response = world.post("/portal/cases/\(caseID)/dispute", as: borrower, form: [
            ("csrf", borrower.csrf), ("reason", "already_paid"), ("details", "Paid in cash on 2 Feb."),
        ])
        #expect(response.status == 303)
        let event = try #require(try world.events("L1").last)
        #expect(event.kind == .holdPlaced)
        #expect(event.actor == Actor(.borrower, "B1"))
        #expect(event.data["hold"]?.stringValue == "dispute")
        #expect(event.data["reason"]?.stringValue == "already_paid")
        #expect(try world.summary("L1").state.holds == [.dispute])
        // The API shows the hold too.
        let api = world.get("/api/v1/cases/\(caseID)", headers: WebWorld.bearer(WebWorld.apiKeyDefault))
        #expect(api.json?["holds"] == .array(["dispute"]))
    }

    @Test func uploadingAPDFStoresItAndRecordsItsDigest() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let caseKey = try world.caseKey("L1")
        let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".utf8)
        let response = world.send(.POST, "/portal/cases/\(caseID)/documents", as: borrower,
                                  headers: [("Content-Type", Multipart.contentType)],
                                  body: Multipart.body(fields: [("csrf", borrower.csrf), ("document_note", "bank statement")],
                                                       file: ("document", "statement.pdf", "application/pdf", pdf)))
        #expect(response.status == 303)
        #expect(response.headers["Location"] == "/portal/cases/\(caseID)?done=document")
        let digest = Sodium.hex(Sodium.sha256(pdf))
        let event = try #require(try world.events("L1").last)
        #expect(event.actor.kind == .borrower)
        #expect(event.data["kind"]?.stringValue == "document")
        #expect(event.data["sha256"]?.stringValue == digest)
        #expect(event.data["size"]?.intValue == Int64(pdf.count))
        #expect(event.data["content_type"]?.stringValue == "application/pdf")
        #expect(event.data["note"]?.stringValue == "bank statement")
        let documents = try world.store.documents(caseKey: caseKey)
        #expect(documents.count == 1)
        let document = try #require(documents.first)
        #expect(document.sha256 == digest)
        #expect(document.size == pdf.count)
        #expect(document.filename == "statement.pdf")
        #expect(document.contentType == "application/pdf")
        #expect(event.data["document_id"]?.intValue == document.id)
    }

    @Test func aTextFileIsRefusedWhateverItClaims() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let before = try world.events("L1")
        for type in ["text/plain", "application/pdf"] {
            let response = world.send(.POST, "/portal/cases/\(caseID)/documents", as: borrower,
                                      headers: [("Content-Type", Multipart.contentType)],
                                      body: Multipart.body(fields: [("csrf", borrower.csrf)],
                                                           file: ("document", "notes.txt", type, Array("just some text\n".utf8))))
            #expect(response.status == 400)
        }
        let empty = world.send(.POST, "/portal/cases/\(caseID)/documents", as: borrower,
                               headers: [("Content-Type", Multipart.contentType)],
                               body: Multipart.body(fields: [("csrf", borrower.csrf)], file: ("document", "empty.pdf", "application/pdf", [])))
        #expect(empty.status == 400)
        #expect(try world.events("L1") == before)
        #expect(try world.store.documents(caseKey: try world.caseKey("L1")).isEmpty)
    }

    @Test func choosingAPathwayRecordsIt() throws {
        let world = try WebWorld()
        let borrower = try world.enterAsBorrower(loanID: "L1")
        let caseID = try world.caseID("L1")
        let dues = try world.dues("L1")
        let response = world.post("/portal/loans/L1/choose", as: borrower, form: [("csrf", borrower.csrf), ("pathway", "pay_overdue")])
        #expect(response.status == 303)
        #expect(response.headers["Location"] == "/portal/cases/\(caseID)?done=pathway")
        let event = try #require(try world.events("L1").last)
        #expect(event.kind == .negotiationStarted)
        #expect(event.actor == Actor(.borrower, "B1"))
        #expect(event.data["kind"]?.stringValue == "pathway")
        #expect(event.data["pathway"]?.stringValue == "pay_overdue")
        #expect(event.data["amount"]?.intValue == dues.totalOverdue)
        #expect(event.inputs["dues"]?["total_overdue"]?.intValue == dues.totalOverdue)

        // A plan length the policy does not offer, or an unknown pathway: 400 and nothing recorded.
        let count = try world.events("L1").count
        let badPlan = world.post("/portal/loans/L1/choose", as: borrower,
                                 form: [("csrf", borrower.csrf), ("pathway", "plan"), ("months", "5")])
        #expect(badPlan.status == 400)
        let unknown = world.post("/portal/loans/L1/choose", as: borrower, form: [("csrf", borrower.csrf), ("pathway", "free_money")])
        #expect(unknown.status == 400)
        #expect(try world.events("L1").count == count)
        // An offered plan is accepted (recorded as a note now that the case is negotiating).
        let plan = world.post("/portal/loans/L1/choose", as: borrower, form: [("csrf", borrower.csrf), ("pathway", "plan"), ("months", "6")])
        #expect(plan.status == 303)
        let planEvent = try #require(try world.events("L1").last)
        #expect(planEvent.data["pathway"]?.stringValue == "plan")
        #expect(planEvent.data["months"]?.intValue == 6)
    }

    @Test func theLanguageSwitchSticks() throws {
        let world = try WebWorld()
        var borrower = try world.enterAsBorrower(loanID: "L1")
        let english = world.get("/portal", as: borrower)
        #expect(english.text.contains("<html lang=\"en\""))
        let hindi = world.get("/portal?lang=hi", as: borrower)
        #expect(hindi.status == 200)
        #expect(hindi.text.contains("<html lang=\"hi\""))
        let field = try #require(hindi.setCookieField(WebApp.languageCookie))
        #expect(field.hasPrefix("parley_lang=hi;"))
        let chosen: String = try #require(hindi.cookie(WebApp.languageCookie))
        borrower.cookies[WebApp.languageCookie] = chosen
        let later = world.get("/portal/loans/L1", as: borrower)
        #expect(later.status == 200)
        #expect(later.text.contains("<html lang=\"hi\""))
        #expect(later.setCookieField(WebApp.languageCookie) == nil)
        // Back to English the same way; unknown codes are ignored.
        let back = world.get("/portal?lang=en", as: borrower)
        #expect(back.text.contains("<html lang=\"en\""))
        #expect(back.cookie(WebApp.languageCookie) == "en")
        let junk = world.get("/portal?lang=xx", as: borrower)
        #expect(junk.text.contains("<html lang=\"hi\""))
        #expect(junk.setCookieField(WebApp.languageCookie) == nil)
    }
}
