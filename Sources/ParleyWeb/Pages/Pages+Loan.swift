extension Pages {
    /// One loan: the dues breakdown with a plain explanation of each figure, then the pathways open today.
    public static func loan(_ model: LoanModel, _ context: PageContext) -> String {
        let strings = Catalogue.strings(context.language)
        let figures = model.figures.map { figure(for: $0, strings) }
        let pathways: HTML = model.pathways.isEmpty
            ? "<p class=\"note\">\(strings[.pathwaysNone])</p>"
            : HTML.join(model.pathways.enumerated().map { pathwayCard($1, index: $0, strings, context.csrfToken) })
        var links: [HTML] = []
        if let href = model.timelineHref {
            let safe = HTML.safeURL(href)
            links.append("<a class=\"btn2\" href=\"\(safe)#propose\">\(strings[.proposeOwnTerms])</a>")
            links.append("<a class=\"btn2\" href=\"\(safe)\">\(strings[.seeCaseHistory])</a>")
        }
        let title = strings.format(.loanHeading, [model.loanID])
        let body: HTML = """
        <h1>\(title)</h1>
        <p class="lead">\(strings.format(.loanStanding, [String(model.dpd), model.bucket]))</p>
        <p>\(strings.format(.asOf, [model.asOfText]))</p>
        <section aria-labelledby="dues"><h2 id="dues">\(strings[.duesHeading])</h2>
        <p>\(strings[.duesIntro])</p>
        <dl class="figs">\(figures)</dl>
        </section>
        <section aria-labelledby="options"><h2 id="options">\(strings[.pathwaysHeading])</h2>
        <p>\(strings[.pathwaysIntro])</p>
        \(pathways)\(links)
        </section>
        \(Layout.backLink(context, strings))
        """
        return Layout.document(title: title, context: context, main: body)
    }

    static func figure(for figure: DuesFigure, _ strings: Catalogue) -> HTML {
        let (name, explanation): (Key, Key) = switch figure.kind {
        case .overdueInstalments: (.figOverdueInstalments, .expOverdueInstalments)
        case .principalOverdue: (.figPrincipalOverdue, .expPrincipalOverdue)
        case .interestOverdue: (.figInterestOverdue, .expInterestOverdue)
        case .feesOverdue: (.figFeesOverdue, .expFeesOverdue)
        case .totalOverdue: (.figTotalOverdue, .expTotalOverdue)
        case .principalOutstanding: (.figPrincipalOutstanding, .expPrincipalOutstanding)
        case .payoff: (.figPayoff, .expPayoff)
        case .nextInstalment: (.figNextInstalment, .expNextInstalment)
        }
        // The total overdue is the figure that matters most; it gets a heavier frame as well as its name.
        let highlight: HTML = figure.kind == .totalOverdue ? " class=\"key\"" : ""
        return """
        <div\(highlight)><dt>\(strings[name])</dt><dd><span class="val">\(figure.valueText)</span>\
        <span class="ex">\(strings.format(explanation, figure.explanationArgs))</span></dd></div>
        """
    }

    static func pathwayCard(_ pathway: Pathway, index: Int, _ strings: Catalogue, _ csrfToken: String) -> HTML {
        let (title, detail, amountLabel): (Key, Key, Key) = switch pathway.kind {
        case .payOverdue: (.pathPayOverdue, .pathPayOverdueDetail, .amountToPay)
        case .payInFull: (.pathPayInFull, .pathPayInFullDetail, .amountToPay)
        case .settlement: (.pathSettlement, .pathSettlementDetail, .amountSettlement)
        case .plan: (.pathPlan, .pathPlanDetail, .amountPlanTotal)
        case .hardshipPause: (.pathHardship, .pathHardshipDetail, .amountToPay)
        case .dispute: (.pathDispute, .pathDisputeDetail, .amountToPay)
        }
        let id = "path-\(index + 1)"
        let amount: HTML = pathway.amountText.map {
            "<p class=\"amt\"><small>\(strings[amountLabel])</small>\($0)</p>"
        } ?? .empty
        let hidden = pathway.hiddenFields.sorted { $0.key < $1.key }.map { field -> HTML in
            "<input type=\"hidden\" name=\"\(field.key)\" value=\"\(field.value)\">"
        }
        let parts = FormParts(strings: strings, csrfToken: csrfToken)
        return """
        <section class="card" aria-labelledby="\(id)">
        <h3 id="\(id)">\(strings[title])</h3>
        \(amount)<p>\(strings.format(detail, pathway.detailArgs))</p>
        <form method="post" action="\(HTML.safeURL(pathway.formAction))">\(parts.csrf)\(hidden)
        <button type="submit">\(strings[.chooseThis])<span class="vh">: \(strings[title])</span></button>
        </form>
        </section>
        """
    }
}
