import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore

/// The borrower's space: loans, dues with explanations, pathways, the case with its timeline and forms.
extension WebApp {
    struct BorrowerVisit {
        let borrower: StoredBorrower
        let csrf: String
        let context: PageContext
    }

    func registerPortalRoutes() {
        registerEntryRoutes()
        portal(.GET, "/portal") { app, request, store, visit in
            let rows: [LoanSummaryRow] = try store.loans(borrowerKey: visit.borrower.key).map { loan in
                let dues = try app.dues(loan, store: store, asOf: app.today)
                let open = try store.openCase(loanKey: loan.key)
                return LoanSummaryRow(loanID: loan.record.loanID, product: nil,
                                      totalOverdueText: MoneyText.format(dues.totalOverdue, dues.currency), dpd: dues.dpd,
                                      caseID: open?.id, caseStatusKey: open.map { PortalViews.statusKey($0.state.status, holds: $0.state.holds) },
                                      href: "/portal/loans/" + percentEncode(loan.record.loanID))
            }
            return .html(Pages.home(HomeModel(loans: rows), visit.context))
        }
        portal(.GET, "/portal/loans/:loan_id") { app, request, store, visit in
            let loan = try app.ownLoan(request, visit: visit, store: store)
            return .html(Pages.loan(try app.loanModel(loan, store: store), visit.context))
        }
        portal(.POST, "/portal/loans/:loan_id/choose") { app, request, store, visit in
            let loan = try app.ownLoan(request, visit: visit, store: store)
            let form = try request.formFields()
            try app.requireCSRF(request, principal: .borrower(lenderID: visit.borrower.lenderID, borrowerKey: visit.borrower.key,
                                                              csrfToken: visit.csrf), form: form)
            let dues = try app.dues(loan, store: store, asOf: app.today)
            let offered = Pathways.offered(dues: dues, policy: try store.policy(lenderID: loan.lenderID))
            let months = form["months"].flatMap(Int.init)
            guard let chosen = offered.first(where: { $0.kind == form["pathway"] && (months == nil || $0.monthsIfPlan == months) }) else {
                throw HTTPError.badRequest("that option is not offered today")
            }
            guard let open = try store.openCase(loanKey: loan.key) else {
                throw HTTPError.conflict("there is no open case for this loan")
            }
            var data = chosen.json.objectValue ?? [:]
            data["pathway"] = data["kind"]
            data["kind"] = "pathway"
            data["summary"] = .string("The borrower chose: \(chosen.kind.replacingUnderscores).")
            try app.borrowerEvent(open, preferred: .negotiationStarted, data: .object(data), visit: visit, store: store,
                                  inputs: ["dues": dues.json])
            return .redirect(to: "/portal/cases/\(open.id)?done=pathway")
        }
        portal(.GET, "/portal/cases/:case_id") { app, request, store, visit in
            let summary = try app.ownCase(request, visit: visit, store: store)
            return .html(Pages.caseDetail(try app.caseModel(summary, store: store), visit.context))
        }
        registerCaseForms()
    }

    typealias PortalHandler = @Sendable (WebApp, HTTPRequest, SQLiteStore, BorrowerVisit) throws -> HTTPResponse

    /// Registers a page for a signed-in borrower; anyone else gets a page saying to open their link again.
    func portal(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping PortalHandler) {
        router.add(method, pattern) { [unowned self] request in
            try pool.with { store in
                var context = pageContext(request, csrf: "", borrower: nil)
                guard case .borrower(_, let borrowerKey, let csrf)? = try principal(request, store: store),
                      let borrower = try store.borrower(key: borrowerKey) else {
                    return .html(Pages.error(status: 403, context), status: 403)
                }
                context = pageContext(request, csrf: csrf, borrower: borrower)
                let visit = BorrowerVisit(borrower: borrower, csrf: csrf, context: context)
                do {
                    var response = try handler(self, request, store, visit)
                    if let lang = request.query["lang"], Language(code: lang) != nil {
                        response.setCookie(name: Self.languageCookie, value: lang, maxAge: 365 * 86_400,
                                           secure: configuration.secureCookies, sameSite: .lax)
                    }
                    return response
                } catch let error as HTTPError where error.status < 500 && error.status != 303 {
                    return .html(Pages.error(status: error.status, context), status: error.status)
                }
            }
        }
    }

    func pageContext(_ request: HTTPRequest, csrf: String, borrower: StoredBorrower?) -> PageContext {
        let flash: Message? = switch request.query["done"] {
        case "pathway": Message(.flashPathwayChosen)
        case "proposal": Message(.flashProposalSent)
        case "hardship": Message(.flashHardshipSent)
        case "document": Message(.flashDocumentUploaded)
        case "dispute": Message(.flashDisputeRaised)
        case "message": Message(.flashMessageSent)
        default: nil
        }
        return PageContext(language: language(request, borrower: borrower), csrfToken: csrf, path: request.path,
                           borrowerName: borrower?.name, flash: flash, homeHref: borrower == nil ? nil : "/portal")
    }

    /// `?lang=` wins and sticks (cookie); then the cookie; then the borrower's own language.
    func language(_ request: HTTPRequest, borrower: StoredBorrower?) -> Language {
        if let code = request.query["lang"], let language = Language(code: code) { return language }
        if let code = request.cookie(Self.languageCookie), let language = Language(code: code) { return language }
        if let code = borrower?.language, let language = Language(code: String(code.prefix(2))) { return language }
        return .en
    }

    func ownLoan(_ request: HTTPRequest, visit: BorrowerVisit, store: SQLiteStore) throws -> StoredLoan {
        guard let loanID = request.pathParameters["loan_id"],
              let loan = try store.loan(lenderID: visit.borrower.lenderID, loanID: loanID),
              loan.borrowerKey == visit.borrower.key else { throw HTTPError.notFound() }
        return loan
    }

    func ownCase(_ request: HTTPRequest, visit: BorrowerVisit, store: SQLiteStore) throws -> CaseSummary {
        guard let id = request.pathParameters["case_id"],
              let summary = try store.caseSummary(lenderID: visit.borrower.lenderID, id: id),
              summary.borrowerID == visit.borrower.borrowerID else { throw HTTPError.notFound() }
        return summary
    }

    func loanModel(_ loan: StoredLoan, store: SQLiteStore) throws -> LoanModel {
        let dues = try dues(loan, store: store, asOf: today)
        let offered = Pathways.offered(dues: dues, policy: try store.policy(lenderID: loan.lenderID))
        let open = try store.openCase(loanKey: loan.key)
        let action = "/portal/loans/\(percentEncode(loan.record.loanID))/choose"
        return LoanModel(loanID: loan.record.loanID, asOfText: dues.asOf.description, dpd: dues.dpd, bucket: dues.bucket.rawValue,
                         figures: PortalViews.figures(dues),
                         pathways: open == nil ? [] : PortalViews.pathways(offered, dues: dues, action: action),
                         caseID: open?.id, timelineHref: open.map { "/portal/cases/\($0.id)" })
    }

    func caseModel(_ summary: CaseSummary, errors: [FormField: Message] = [:], values: [FormField: String] = [:],
                   store: SQLiteStore) throws -> CaseModel {
        let base = "/portal/cases/\(summary.id)"
        return CaseModel(caseID: summary.id, loanID: summary.loanID,
                         statusKey: PortalViews.statusKey(summary.state.status, holds: summary.state.holds),
                         timeline: PortalViews.timeline(try store.events(caseKey: summary.key)),
                         proposeAction: base + "/proposal", hardshipAction: base + "/hardship", uploadAction: base + "/documents",
                         disputeAction: base + "/dispute", messageAction: base + "/message", errors: errors, values: values,
                         loanHref: "/portal/loans/" + percentEncode(summary.loanID))
    }

    /// Records a borrower's act: as the transition it stands for when the case allows it, else as a note.
    @discardableResult
    func borrowerEvent(_ summary: CaseSummary, preferred: CaseEventKind, data: JSONValue, visit: BorrowerVisit,
                       store: SQLiteStore, inputs: JSONValue = [:]) throws -> CaseEvent {
        let actor = Actor(.borrower, visit.borrower.borrowerID)
        var event = NewCaseEvent(kind: preferred, at: clock(), actor: actor, inputs: inputs, data: data)
        if (try? summary.state.applying(event)) == nil { event.kind = .noted }
        return try store.appendEvent(caseKey: summary.key, event: event)
    }
}

extension ParleyCore.Pathway {
    var monthsIfPlan: Int? {
        if case .plan(let months, _, _, _) = self { return months }
        return nil
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
