extension Pages {
    /// A case: its timeline, then the forms to propose terms, state a hardship,
    /// upload a document, raise a dispute and (when offered) send a message.
    public static func caseDetail(_ model: CaseModel, _ context: PageContext) -> String {
        let strings = Catalogue.strings(context.language)
        let parts = FormParts(strings: strings, csrfToken: context.csrfToken)
        let title = strings.format(.caseTitle, [model.caseID])
        var sections: [(anchor: String, heading: Key, body: HTML)] = [
            ("propose", .proposeOwnTerms, proposeForm(model, parts)),
            ("hardship", .hardshipHeading, hardshipForm(model, parts)),
            ("upload", .uploadHeading, uploadForm(model, parts)),
            ("dispute", .disputeHeading, disputeForm(model, parts)),
        ]
        if let action = model.messageAction {
            sections.append(("message", .messageHeading, messageForm(model, action, parts)))
        }
        let contents = sections.map { "<li><a class=\"btn2\" href=\"#\($0.anchor)\">\(strings[$0.heading])</a></li>" as HTML }
        let forms = sections.map { section -> HTML in
            """
            <section class="card" aria-labelledby="\(section.anchor)">
            <h2 id="\(section.anchor)" tabindex="-1">\(strings[section.heading])</h2>
            \(section.body)
            </section>
            """
        }
        let loanLink: HTML = model.loanHref.map {
            "<a href=\"\(HTML.safeURL($0))\">\(strings.format(.caseForLoan, [model.loanID]))</a>"
        } ?? "\(strings.format(.caseForLoan, [model.loanID]))"
        let body: HTML = """
        <h1>\(title)</h1>
        \(errorSummary(model, strings))<dl class="facts">\(fact(strings[.statusLabel], strings[model.statusKey]))</dl>
        <p>\(loanLink)</p>
        <nav aria-labelledby="todo"><h2 id="todo">\(strings[.formsHeading])</h2><ul class="plain">\(contents)</ul></nav>
        <section aria-labelledby="history"><h2 id="history">\(strings[.timelineHeading])</h2>
        \(timeline(model.timeline, strings))
        </section>
        \(forms)\(Layout.backLink(context, strings))
        """
        let documentTitle = model.errors.isEmpty ? title : "\(strings[.errorPrefix]) \(title)"
        return Layout.document(title: documentTitle, context: context, main: body)
    }

    /// After a failed POST: every error, linked to its field, at the top of the page.
    static func errorSummary(_ model: CaseModel, _ strings: Catalogue) -> HTML {
        let items = FormField.allCases.compactMap { field -> HTML? in
            guard let error = model.errors[field] else { return nil }
            return "<li><a href=\"#\(FormParts.id(field))\">\(strings.text(error))</a></li>"
        }
        guard !items.isEmpty else { return .empty }
        return """
        <div class="summary" role="alert" aria-labelledby="problem" tabindex="-1">
        <h2 id="problem">\(strings[.errorSummaryTitle])</h2><ul>\(items)</ul>
        </div>
        """
    }

    static func timeline(_ entries: [TimelineEntry], _ strings: Catalogue) -> HTML {
        guard !entries.isEmpty else { return "<p>\(strings[.timelineEmpty])</p>" }
        let items = entries.map { entry -> HTML in
            // The title comes first so that moving by headings lands on what happened, then when and who.
            let actor: HTML = entry.actor.map { " · \(strings[$0.key])" } ?? .empty
            let detail: HTML = entry.detail.map { "<p class=\"d\">\($0)</p>" } ?? .empty
            return "<li><h3>\(strings[entry.titleKey])</h3><p class=\"by\"><time>\(entry.timeText)</time>\(actor)</p>\(detail)</li>"
        }
        return "<ol class=\"tl\">\(items)</ol>"
    }

    static func proposeForm(_ model: CaseModel, _ parts: FormParts) -> HTML {
        let strings = parts.strings
        return """
        <p>\(strings[.proposeIntro])</p>
        \(parts.form(action: model.proposeAction, submit: .proposeSubmit, [
            parts.field(.amount, label: .fieldAmount, hint: strings[.fieldAmountHint],
                        control: .text(inputMode: "decimal", autocomplete: nil),
                        value: model.values[.amount], error: model.errors[.amount]),
            parts.field(.instalments, label: .fieldInstalments, hint: strings[.fieldInstalmentsHint],
                        control: .number(min: 1, max: FormLimits.maxInstalments),
                        value: model.values[.instalments], error: model.errors[.instalments]),
            parts.field(.firstDate, label: .fieldFirstDate, hint: strings[.fieldFirstDateHint], control: .date,
                        value: model.values[.firstDate], error: model.errors[.firstDate]),
        ]))
        """
    }

    static func hardshipForm(_ model: CaseModel, _ parts: FormParts) -> HTML {
        let strings = parts.strings
        let limit = FormLimits.maxStatementCharacters
        return """
        <p>\(strings[.hardshipIntro])</p>
        \(parts.form(action: model.hardshipAction, submit: .hardshipSubmit, [
            parts.field(.income, label: .fieldIncome, hint: strings[.fieldAmountHint],
                        control: .text(inputMode: "decimal", autocomplete: nil),
                        value: model.values[.income], error: model.errors[.income]),
            parts.field(.expenses, label: .fieldExpenses, hint: strings[.fieldExpensesHint],
                        control: .text(inputMode: "decimal", autocomplete: nil),
                        value: model.values[.expenses], error: model.errors[.expenses]),
            parts.field(.dependants, label: .fieldDependants, control: .number(min: 0, max: 30),
                        value: model.values[.dependants], error: model.errors[.dependants]),
            parts.field(.statement, label: .fieldStatement, hint: strings.format(.fieldMaxChars, [String(limit)]),
                        control: .textarea(maxLength: limit),
                        value: model.values[.statement], error: model.errors[.statement]),
        ]))
        """
    }

    static func uploadForm(_ model: CaseModel, _ parts: FormParts) -> HTML {
        let strings = parts.strings
        return """
        <p>\(strings[.uploadIntro])</p>
        \(parts.form(action: model.uploadAction, multipart: true, submit: .uploadSubmit, [
            parts.field(.document, label: .fieldDocument, hint: strings[.fieldDocumentHint],
                        control: .file(accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"),
                        value: nil, error: model.errors[.document]),
            parts.field(.documentNote, label: .fieldDocumentNote, optional: true,
                        control: .text(inputMode: "text", autocomplete: nil),
                        value: model.values[.documentNote], error: model.errors[.documentNote]),
        ]))
        """
    }

    static func disputeForm(_ model: CaseModel, _ parts: FormParts) -> HTML {
        let strings = parts.strings
        let limit = FormLimits.maxStatementCharacters
        let reasons = DisputeReason.allCases.map { (value: $0.rawValue, label: strings[$0.key]) }
        return """
        <p>\(strings[.disputeIntro])</p>
        \(parts.form(action: model.disputeAction, submit: .disputeSubmit, [
            parts.field(.reason, label: .fieldReason, control: .select(placeholder: strings[.reasonChoose], options: reasons),
                        value: model.values[.reason], error: model.errors[.reason]),
            parts.field(.details, label: .fieldDetails,
                        hint: strings[.fieldDetailsHint] + " " + strings.format(.fieldMaxChars, [String(limit)]),
                        control: .textarea(maxLength: limit),
                        value: model.values[.details], error: model.errors[.details]),
        ]))
        """
    }

    static func messageForm(_ model: CaseModel, _ action: String, _ parts: FormParts) -> HTML {
        let strings = parts.strings
        let limit = FormLimits.maxStatementCharacters
        return """
        <p>\(strings[.messageIntro])</p>
        \(parts.form(action: action, submit: .messageSubmit, [
            parts.field(.message, label: .fieldMessage, hint: strings.format(.fieldMaxChars, [String(limit)]),
                        control: .textarea(maxLength: limit),
                        value: model.values[.message], error: model.errors[.message]),
        ]))
        """
    }
}
