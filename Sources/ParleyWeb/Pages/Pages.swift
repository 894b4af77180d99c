/// The borrower's space as pure functions: a model in, a complete HTML document out.
public enum Pages {
    /// The one-time code form; after `expired` or `lockedOut` it explains and shows no form.
    public static func codeEntry(_ model: CodeEntryModel, _ context: PageContext) -> String {
        let strings = Catalogue.strings(context.language)
        let sentKey: Key = switch model.channel {
        case .sms: .codeSentSMS
        case .email: .codeSentEmail
        case .whatsapp: .codeSentWhatsApp
        }
        var body: HTML = """
        <h1>\(strings[.codeTitle])</h1>
        <p class="lead">\(strings.format(sentKey, [model.maskedDestination]))</p>
        """
        switch model.error {
        case .expired, .lockedOut:
            let key: Key = model.error == .expired ? .codeErrorExpired : .codeErrorLocked
            body = "\(body)<div class=\"summary\" role=\"alert\"><p>\(strings[key])</p></div>"
        case .wrongCode, nil:
            let parts = FormParts(strings: strings, csrfToken: context.csrfToken)
            var hint = strings[.codeHint]
            if model.error == .wrongCode {
                hint += " " + strings.format(.codeAttemptsLeft, [String(model.attemptsLeft)])
            }
            let field = parts.field(.code, label: .codeLabel, hint: hint,
                                    control: .text(inputMode: "numeric", autocomplete: "one-time-code"),
                                    value: nil, error: model.error == .wrongCode ? Message(.codeErrorWrong) : nil)
            body = """
            \(body)<form method="post" action="\(HTML.safeURL(model.formAction))" novalidate>
            \(parts.csrf)\(field)
            <button type="submit">\(strings[.codeSubmit])</button>
            </form>
            """
        }
        body = "\(body)<p>\(strings[.codeNoCode])</p><p class=\"note\">\(strings[.codeNeverShare])</p>"
        let title = model.error == nil ? strings[.codeTitle] : "\(strings[.errorPrefix]) \(strings[.codeTitle])"
        return Layout.document(title: title, context: context, main: body)
    }

    /// A personal link that is used, expired or unknown: one page for all three, so it reveals nothing.
    public static func linkUnavailable(_ context: PageContext) -> String {
        let strings = Catalogue.strings(context.language)
        let body: HTML = """
        <h1>\(strings[.linkTitle])</h1>
        <p class="lead">\(strings[.linkBody])</p>
        <p>\(strings[.linkNext])</p>
        """
        return Layout.document(title: strings[.linkTitle], context: context, main: body)
    }

    /// The borrower's loans, each with what is overdue and its case.
    public static func home(_ model: HomeModel, _ context: PageContext) -> String {
        let strings = Catalogue.strings(context.language)
        let cards = model.loans.map { loanCard($0, strings) }
        let list: HTML = cards.isEmpty ? "<p class=\"note\">\(strings[.homeEmpty])</p>" : HTML.join(cards)
        let body: HTML = """
        <h1>\(strings[.homeTitle])</h1>
        <p class="lead">\(strings[.homeIntro])</p>
        \(list)
        """
        return Layout.document(title: strings[.homeTitle], context: context, main: body)
    }

    static func loanCard(_ row: LoanSummaryRow, _ strings: Catalogue) -> HTML {
        var facts: [HTML] = []
        if let product = row.product {
            facts.append(fact(strings[.productLabel], product))
        }
        facts.append(fact(strings[.overdueNowLabel], row.totalOverdueText))
        facts.append(fact(strings[.dpdLabel], strings.format(.dpdValue, [String(row.dpd)])))
        if let caseID = row.caseID {
            facts.append(fact(strings[.caseLabel], caseID))
            if let status = row.caseStatusKey { facts.append(fact(strings[.statusLabel], strings[status])) }
        } else {
            facts.append(fact(strings[.caseLabel], strings[.caseNone]))
        }
        return """
        <section class="card" aria-labelledby="loan-\(row.loanID)">
        <h2 id="loan-\(row.loanID)">\(strings.format(.loanHeading, [row.loanID]))</h2>
        <dl class="facts">\(facts)</dl>
        <a class="btn" href="\(HTML.safeURL(row.href))">\(strings.format(.openLoan, [row.loanID]))</a>
        </section>
        """
    }

    static func fact(_ term: String, _ value: String) -> HTML {
        "<div><dt>\(term)</dt><dd>\(value)</dd></div>"
    }

    /// An error page; `reference` is the correlation id of a 500, shown so support can find the log line.
    public static func error(status: Int, _ context: PageContext, reference: String? = nil) -> String {
        let strings = Catalogue.strings(context.language)
        let (title, text): (Key, Key) = switch status {
        case 403: (.errorTitle403, .errorBody403)
        case 404: (.errorTitle404, .errorBody404)
        case 413: (.errorTitle413, .errorBody413)
        case 429: (.errorTitle429, .errorBody429)
        case 400..<500: (.errorTitle400, .errorBody400)
        default: (.errorTitle500, .errorBody500)
        }
        let referenceHTML: HTML = reference.map { "<p>\(strings.format(.errorReference, [$0]))</p>" } ?? .empty
        let body: HTML = """
        <h1>\(strings[title])</h1>
        <p class="lead">\(strings[text])</p>
        <p>\(strings.format(.errorStatusCode, [String(status)]))</p>
        \(referenceHTML)\(Layout.backLink(context, strings))
        """
        return Layout.document(title: strings[title], context: context, main: body)
    }
}
