import Foundation
import Testing
@testable import ParleyWeb

// MARK: - Fixtures

enum Fixture {
    static let token = "csrf-Tok_3n.42"
    static let script = "<script>alert(\"x\")</script>"

    static func context(_ language: Language, path: String = "/loans/L-1001", name: String? = "Asha Verma",
                        flash: Message? = nil) -> PageContext {
        PageContext(language: language, csrfToken: token, path: path, borrowerName: name, flash: flash, homeHref: "/")
    }

    static let code = CodeEntryModel(maskedDestination: "••••••3210", channel: .sms, formAction: "/enter/abc/code",
                                     error: .wrongCode, attemptsLeft: 3)

    static let home = HomeModel(loans: [
        LoanSummaryRow(loanID: "L-1001", product: "Two-wheeler loan", totalOverdueText: "₹8,884.88", dpd: 42,
                       caseID: "C-77", caseStatusKey: .statusNegotiating, href: "/loans/L-1001"),
        LoanSummaryRow(loanID: "L-1002", totalOverdueText: "₹0.00", dpd: 0, href: "/loans/L-1002"),
    ])

    static let loan = LoanModel(
        loanID: "L-1001", asOfText: "12 Jun 2025", dpd: 42, bucket: "31–60",
        figures: [
            DuesFigure(kind: .overdueInstalments, valueText: "2"),
            DuesFigure(kind: .principalOverdue, valueText: "₹6,912.40"),
            DuesFigure(kind: .interestOverdue, valueText: "₹1,372.48"),
            DuesFigure(kind: .feesOverdue, valueText: "₹600.00"),
            DuesFigure(kind: .totalOverdue, valueText: "₹8,884.88"),
            DuesFigure(kind: .principalOutstanding, valueText: "₹58,230.11"),
            DuesFigure(kind: .payoff, valueText: "₹60,202.59"),
            DuesFigure(kind: .nextInstalment, valueText: "₹4,142.44", explanationArgs: ["5 Jul 2025"]),
        ],
        pathways: [
            Pathway(kind: .payOverdue, amountText: "₹8,884.88", formAction: "/cases/C-77/choose",
                    hiddenFields: ["pathway": "pay_overdue"]),
            Pathway(kind: .payInFull, amountText: "₹60,202.59", formAction: "/cases/C-77/choose",
                    hiddenFields: ["pathway": "pay_in_full"]),
            Pathway(kind: .settlement, amountText: "₹36,121.55", detailArgs: ["40%", "30 Jun 2025"],
                    formAction: "/cases/C-77/choose", hiddenFields: ["pathway": "settlement", "offer": "S-1"]),
            Pathway(kind: .plan, amountText: "₹62,400.00", detailArgs: ["12", "₹5,200.00", "1 Jul 2025"],
                    formAction: "/cases/C-77/choose", hiddenFields: ["pathway": "plan", "months": "12"]),
            Pathway(kind: .hardshipPause, detailArgs: ["3"], formAction: "/cases/C-77/choose",
                    hiddenFields: ["pathway": "hardship_pause"]),
            Pathway(kind: .dispute, formAction: "/cases/C-77/choose", hiddenFields: ["pathway": "dispute"]),
        ],
        caseID: "C-77", timelineHref: "/cases/C-77")

    static func caseModel(detail: String = "Reminder sent by SMS.", errors: [FormField: Message] = [:],
                          values: [FormField: String] = [:]) -> CaseModel {
        let events: [(Key, TimelineActor)] = [
            (.eventOpened, .platform), (.eventContacted, .platform), (.eventContacted, .platform),
            (.eventEngaged, .you), (.eventPathwayChosen, .you), (.eventNegotiationStarted, .platform),
            (.eventCounterOffer, .lender), (.eventHardshipStated, .you), (.eventDocumentUploaded, .you),
            (.eventMessage, .mediator),
        ]
        let timeline = events.enumerated().map { index, event in
            TimelineEntry(timeText: "\(index + 1) Jun 2025, 10:0\(index)", titleKey: event.0, actor: event.1,
                          detail: index == 3 ? detail : "Details of event \(index + 1).\nSecond line.")
        }
        return CaseModel(caseID: "C-77", loanID: "L-1001", statusKey: .statusNegotiating, timeline: timeline,
                         proposeAction: "/cases/C-77/propose", hardshipAction: "/cases/C-77/hardship",
                         uploadAction: "/cases/C-77/documents", disputeAction: "/cases/C-77/dispute",
                         messageAction: "/cases/C-77/messages", errors: errors, values: values,
                         loanHref: "/loans/L-1001")
    }

    static let caseErrors: [FormField: Message] = [
        .amount: Message(.errAmount), .instalments: Message(.errInstalments), .firstDate: Message(.errDatePast),
        .statement: Message(.errTooLong, ["1000"]), .document: Message(.errFileType), .reason: Message(.errChooseReason),
    ]

    /// Every page, rendered in one language with realistic models.
    static func allPages(_ language: Language) -> [(name: String, html: String)] {
        let context = context(language)
        return [
            ("code", Pages.codeEntry(code, context)),
            ("code-locked", Pages.codeEntry(CodeEntryModel(maskedDestination: "a•••@example.in", channel: .email,
                                                           formAction: "/x", error: .lockedOut, attemptsLeft: 0), context)),
            ("link", Pages.linkUnavailable(context)),
            ("home", Pages.home(home, context)),
            ("loan", Pages.loan(loan, context)),
            ("case", Pages.caseDetail(caseModel(), context)),
            ("case-errors", Pages.caseDetail(caseModel(errors: caseErrors, values: [.amount: "abc", .reason: "other"]),
                                             PageContext(language: language, csrfToken: token, path: "/cases/C-77",
                                                         flash: Message(.flashProposalSent)))),
            ("error-404", Pages.error(status: 404, context)),
            ("error-500", Pages.error(status: 500, context, reference: "req-9f2c")),
        ]
    }
}

// MARK: - HTML helpers for the assertions

enum Markup {
    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { match in
            (0..<match.numberOfRanges).map { index in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : ns.substring(with: range)
            }
        }
    }

    static func attribute(_ name: String, of tag: String) -> String? {
        matches("\\s\(name)=\"([^\"]*)\"", in: tag).first?[1]
    }

    /// The form controls a person fills in (not hidden fields).
    static func controls(_ html: String) -> [String] {
        matches("<(?:input|select|textarea)\\b[^>]*>", in: html).map { $0[0] }
            .filter { attribute("type", of: $0) != "hidden" }
    }

    static func postForms(_ html: String) -> [String] {
        matches("<form\\b[^>]*method=\"post\"[^>]*>.*?</form>", in: html).map { $0[0] }
    }

    static func containsDevanagari(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x0900...0x097F).contains($0.value) }
    }
}

// MARK: - Tests

@Suite("Catalogue")
struct CatalogueTests {
    @Test("every key has English and Hindi text with the same placeholders")
    func completeness() {
        let english = Catalogue.strings(.en), hindi = Catalogue.strings(.hi)
        for key in Key.allCases {
            let en = english[key], hi = hindi[key]
            #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has no English text")
            #expect(!hi.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has no Hindi text")
            let placeholders = Catalogue.placeholders(in: en)
            #expect(placeholders == Catalogue.placeholders(in: hi), "\(key): placeholders differ")
            #expect(placeholders == Set(0..<placeholders.count), "\(key): placeholders must be {0}…{n-1}")
        }
    }

    @Test("Hindi texts are written in Devanagari, not transliterated")
    func hindiIsDevanagari() {
        let hindi = Catalogue.strings(.hi)
        // Brand names, language names and formats like "{0} – Parley" are the only Latin ones.
        let latin: Set<Key> = [.appName, .documentTitle, .languageNameEnglish, .actorPlatform]
        for key in Key.allCases where !latin.contains(key) {
            #expect(Markup.containsDevanagari(hindi[key]), "\(key) is not in Devanagari: \(hindi[key])")
        }
    }

    @Test func formatSubstitutesInOrder() {
        let english = Catalogue.strings(.en)
        #expect(english.format(.pathPlanDetail, ["12", "₹5,200.00", "1 Jul 2025"])
            == "12 monthly instalments of ₹5,200.00, the first on 1 Jul 2025.")
        #expect(Catalogue.strings(.hi).format(.dpdValue, ["42"]) == "42 दिन")
        #expect(english.format(.dpdValue, []) == "{0} days")
        #expect(english.text(Message(.errTooLong, ["1000"])) == "Use at most 1000 characters.")
    }

    @Test func languageFromCode() {
        #expect(Language(code: "HI") == .hi)
        #expect(Language(code: "fr") == nil)
    }
}

@Suite("HTML")
struct HTMLTests {
    @Test func escapesTextAndAttributes() {
        #expect(HTML.escape("<a href=\"x\" title='y'>&</a>") == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(HTML.escape("₹8,884.88 हिन्दी") == "₹8,884.88 हिन्दी")
        let name = "<b>"
        let fragment: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(fragment.rendered == "<p title=\"&lt;b&gt;\">&lt;b&gt;</p>")
    }

    @Test(arguments: [("javascript:alert(1)", "#"), (" JavaScript:x", "#"), ("data:text/html,x", "#"),
                      ("/cases/C-1", "/cases/C-1"), ("https://pay.example/x", "https://pay.example/x"),
                      ("/a?b=c:d", "/a?b=c:d"), ("#propose", "#propose")])
    func safeURL(input: String, expected: String) {
        #expect(HTML.safeURL(input) == expected)
    }
}

@Suite("Pages")
struct PagesTests {
    @Test("every page declares its language and carries the shell", arguments: Language.allCases)
    func languageAndShell(language: Language) {
        for page in Fixture.allPages(language) {
            #expect(page.html.hasPrefix("<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">"), "\(page.name)")
            #expect(page.html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
            #expect(page.html.contains("<a class=\"skip\" href=\"#main\">"), "\(page.name): skip link")
            #expect(page.html.contains("<main id=\"main\""), "\(page.name): skip target")
            #expect(Markup.matches("<style>", in: page.html).count == 1, "\(page.name): one inline style")
            #expect(!page.html.contains("<script"), "\(page.name): no script")
            #expect(!page.html.contains("<link "), "\(page.name): no external assets")
            #expect(!page.html.contains("{0}") && !page.html.contains("{1}"), "\(page.name): unfilled placeholder")
        }
    }

    @Test("every page stays under 50 KB", arguments: Language.allCases)
    func size(language: Language) {
        for page in Fixture.allPages(language) {
            #expect(page.html.utf8.count < 50_000, "\(page.name) is \(page.html.utf8.count) bytes")
        }
    }

    @Test("every control has its own <label for>", arguments: Language.allCases)
    func labels(language: Language) {
        for page in Fixture.allPages(language) {
            let ids = Markup.controls(page.html).map { Markup.attribute("id", of: $0) }
            #expect(!ids.contains(nil), "\(page.name): a control without id")
            for id in ids.compactMap({ $0 }) {
                #expect(page.html.contains("<label for=\"\(id)\">"), "\(page.name): no label for \(id)")
            }
            let allIDs = Markup.matches("\\sid=\"([^\"]+)\"", in: page.html).map { $0[1] }
            #expect(Set(allIDs).count == allIDs.count, "\(page.name): duplicate ids")
        }
        let caseControls = Markup.controls(Fixture.allPages(language).first { $0.name == "case" }!.html)
        #expect(caseControls.count == 12)
    }

    @Test("every POST form carries the CSRF token", arguments: Language.allCases)
    func csrf(language: Language) {
        let expected = "<input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(Fixture.token))\">"
        var forms = 0
        for page in Fixture.allPages(language) {
            for form in Markup.postForms(page.html) {
                forms += 1
                #expect(form.contains(expected), "\(page.name): a form without csrf")
            }
            let opened = Markup.matches("<form\\b", in: page.html).count
            #expect(opened == Markup.postForms(page.html).count, "\(page.name): a form that is not POST")
        }
        // code 1 + loan 6 pathways + case 5 forms × 2 renders
        #expect(forms == 1 + 6 + 5 + 5)
    }

    @Test("headings go down one level at a time with one h1", arguments: Language.allCases)
    func headings(language: Language) {
        for page in Fixture.allPages(language) {
            let levels = Markup.matches("<h([1-6])\\b", in: page.html).map { Int($0[1])! }
            #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1, "\(page.name)")
            for (previous, next) in zip(levels, levels.dropFirst()) {
                #expect(next <= previous + 1, "\(page.name): h\(previous) then h\(next)")
            }
        }
    }

    @Test("interpolated values are escaped")
    func escaping() {
        let context = Fixture.context(.en, path: "/cases/\"><script>", name: Fixture.script)
        var model = Fixture.caseModel(detail: Fixture.script, values: [.amount: "\"><script>x</script>",
                                                                        .statement: "</textarea><script>"])
        model.caseID = "<img src=x onerror=alert(1)>"
        var loan = Fixture.loan
        loan.pathways[0].hiddenFields["note"] = "\" onfocus=\"alert(1)"
        loan.pathways[1].formAction = "javascript:alert(1)"
        let pages = [Pages.caseDetail(model, context), Pages.loan(loan, context), Pages.home(Fixture.home, context)]
        for html in pages {
            #expect(!html.contains("<script"))
            #expect(!html.contains("<img"))
            #expect(!html.contains("\" onfocus=\""))
            #expect(!html.contains("javascript:"))
        }
        #expect(pages[0].contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(pages[0].contains("&lt;/textarea&gt;&lt;script&gt;</textarea>"))
        #expect(pages[1].contains("name=\"note\" value=\"&quot; onfocus=&quot;alert(1)\""))
    }

    @Test("Hindi pages show the Hindi catalogue")
    func hindiText() {
        let hindi = Catalogue.strings(.hi)
        let pages = Dictionary(uniqueKeysWithValues: Fixture.allPages(.hi).map { ($0.name, $0.html) })
        let expectations: [(String, Key)] = [("code", .codeTitle), ("link", .linkTitle), ("home", .homeTitle),
                                             ("loan", .duesHeading), ("loan", .expTotalOverdue),
                                             ("loan", .pathSettlement), ("case", .timelineHeading),
                                             ("case", .reasonNotMyLoan), ("error-404", .errorTitle404)]
        for (page, key) in expectations {
            #expect(pages[page]!.contains(HTML.escape(hindi[key])), "\(page) lacks \(key)")
            #expect(Markup.containsDevanagari(hindi[key]))
        }
        #expect(!pages["loan"]!.contains(Catalogue.strings(.en)[.duesHeading]))
    }

    @Test("language links point to the current path", arguments: Language.allCases)
    func languageLinks(language: Language) {
        let html = Pages.loan(Fixture.loan, Fixture.context(language, path: "/loans/L-1001?lang=en#x"))
        #expect(html.contains("href=\"/loans/L-1001?lang=en\" hreflang=\"en\" lang=\"en\""))
        #expect(html.contains("href=\"/loans/L-1001?lang=hi\" hreflang=\"hi\" lang=\"hi\""))
        let current = Markup.matches("<a [^>]*aria-current=\"true\"[^>]*>", in: html)
        #expect(current.count == 1 && current[0][0].contains("lang=\(language.rawValue)"))
    }

    @Test("field errors are tied to their fields and summarised")
    func fieldErrors() {
        let html = Pages.caseDetail(Fixture.caseModel(errors: Fixture.caseErrors), Fixture.context(.en))
        #expect(html.contains("<title>Error: Case C-77 – Parley</title>"))
        #expect(html.contains("aria-describedby=\"f-amount-hint f-amount-error\" aria-invalid=\"true\""))
        #expect(html.contains("id=\"f-amount-error\"><span class=\"vh\">Error: </span>Enter an amount in rupees"))
        #expect(html.contains("aria-describedby=\"f-reason-error\" aria-invalid=\"true\""))
        #expect(html.contains("<li><a href=\"#f-statement\">Use at most 1000 characters.</a></li>"))
        #expect(Markup.matches("aria-invalid", in: html).count == Fixture.caseErrors.count)
        let clean = Pages.caseDetail(Fixture.caseModel(), Fixture.context(.en))
        #expect(!clean.contains("aria-invalid") && !clean.contains("class=\"summary\""))
    }

    @Test("case forms: limits, upload encoding, sticky values")
    func caseForms() {
        let html = Pages.caseDetail(Fixture.caseModel(values: [.amount: "25000", .reason: "already_paid"]),
                                    Fixture.context(.en))
        #expect(html.contains("type=\"number\" id=\"f-instalments\" name=\"instalments\""))
        #expect(html.contains("min=\"1\" max=\"36\""))
        #expect(html.contains("<input type=\"date\" id=\"f-first_date\" name=\"first_date\""))
        #expect(html.contains("maxlength=\"1000\""))
        #expect(html.contains("action=\"/cases/C-77/documents\" enctype=\"multipart/form-data\""))
        #expect(html.contains("accept=\".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png\""))
        #expect(html.contains("PDF, JPG or PNG, up to 5 MB."))
        #expect(html.contains("value=\"25000\""))
        #expect(html.contains("<option value=\"already_paid\" selected>I have already paid</option>"))
        for reason in DisputeReason.allCases { #expect(html.contains("<option value=\"\(reason.rawValue)\"")) }
        #expect(Markup.matches("<li><h3>", in: html).count == 10)
    }

    @Test("code entry: the form only while a code can still be entered")
    func codeEntry() {
        let wrong = Pages.codeEntry(Fixture.code, Fixture.context(.en, name: nil))
        #expect(wrong.contains("autocomplete=\"one-time-code\""))
        #expect(wrong.contains("Attempts left: 3"))
        #expect(wrong.contains("We sent a 6-digit code by SMS to ••••••3210."))
        #expect(wrong.contains("aria-invalid=\"true\""))
        for error in [CodeError.expired, .lockedOut] {
            var model = Fixture.code
            model.error = error
            let html = Pages.codeEntry(model, Fixture.context(.hi, name: nil))
            #expect(!html.contains("<form"))
            #expect(html.contains("role=\"alert\""))
        }
        var fresh = Fixture.code
        fresh.error = nil
        let first = Pages.codeEntry(fresh, Fixture.context(.en, name: nil))
        #expect(!first.contains("aria-invalid") && !first.contains("Attempts left"))
    }

    @Test("loan page: every figure explained, every pathway with its numbers")
    func loanPage() {
        let english = Catalogue.strings(.en)
        let html = Pages.loan(Fixture.loan, Fixture.context(.en))
        #expect(Markup.matches("<dt>", in: html).count == DuesFigureKind.allCases.count)
        #expect(html.contains(HTML.escape(english[.expPayoff])))
        #expect(html.contains("Your next regular instalment, due on 5 Jul 2025."))
        #expect(html.contains("Pay this single amount by 30 Jun 2025 and the rest is waived: 40% less"))
        #expect(html.contains("12 monthly instalments of ₹5,200.00, the first on 1 Jul 2025."))
        #expect(html.contains("ask to pause collection for up to 3 months"))
        #expect(html.contains("<input type=\"hidden\" name=\"offer\" value=\"S-1\"><input type=\"hidden\" name=\"pathway\""))
        #expect(Markup.matches("<button type=\"submit\">Choose this<span class=\"vh\">: ", in: html).count == 6)
        #expect(html.contains("href=\"/cases/C-77#propose\""))
        var none = Fixture.loan
        none.pathways = []
        #expect(Pages.loan(none, Fixture.context(.en)).contains(HTML.escape(english[.pathwaysNone])))
    }

    @Test("home lists each loan with its case status")
    func homePage() {
        let html = Pages.home(Fixture.home, Fixture.context(.hi))
        #expect(html.contains("आपने Asha Verma के रूप में साइन इन किया है"))
        #expect(html.contains("शर्तों पर बातचीत जारी"))
        #expect(html.contains("कोई खुला मामला नहीं"))
        #expect(html.contains("href=\"/loans/L-1002\""))
        #expect(Pages.home(HomeModel(loans: []), Fixture.context(.en)).contains("There are no loans to show."))
    }

    @Test("error pages", arguments: [(403, Key.errorTitle403), (404, .errorTitle404), (413, .errorTitle413),
                                     (429, .errorTitle429), (400, .errorTitle400), (422, .errorTitle400),
                                     (500, .errorTitle500), (503, .errorTitle500)])
    func errorPages(status: Int, title: Key) {
        for language in Language.allCases {
            let html = Pages.error(status: status, Fixture.context(language))
            #expect(html.contains("<h1>\(HTML.escape(Catalogue.strings(language)[title]))</h1>"))
        }
        #expect(Pages.error(status: 500, Fixture.context(.en), reference: "req-1").contains("Reference: req-1"))
    }

    @Test("the notice is announced")
    func flash() {
        let html = Pages.home(Fixture.home, Fixture.context(.en, flash: Message(.flashDisputeRaised)))
        #expect(html.contains("<div class=\"flash\" role=\"status\"><p>Your dispute has been recorded."))
    }

    /// Writes sample pages for a look in a browser: `PARLEY_PAGES_OUT=/tmp/pages swift test`.
    @Test func writeSamples() throws {
        guard let directory = ProcessInfo.processInfo.environment["PARLEY_PAGES_OUT"] else { return }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for language in Language.allCases {
            for page in Fixture.allPages(language) {
                let url = URL(fileURLWithPath: directory).appendingPathComponent("\(page.name)-\(language.rawValue).html")
                try page.html.write(to: url, atomically: true, encoding: .utf8)
            }
        }
    }
}
