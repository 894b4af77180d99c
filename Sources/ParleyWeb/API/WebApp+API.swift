import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore

/// The JSON API under /api/v1 (described by `OpenAPIDocument`).
extension WebApp {
    func registerAPIRoutes() {
        router.add(.GET, "/api/v1/openapi.json") { _ in .json(OpenAPIDocument.json) }
        api(.POST, "/api/v1/loans") { app, request, store, principal in
            try app.upsert(request, store: store, lenderID: try app.writeScope(principal, request, store: store), kind: .loans)
        }
        api(.POST, "/api/v1/payments") { app, request, store, principal in
            try app.upsert(request, store: store, lenderID: try app.writeScope(principal, request, store: store), kind: .payments)
        }
        api(.POST, "/api/v1/borrowers/:borrower_id/contact") { app, request, store, principal in
            try app.contactPreferences(request, store: store, principal: principal)
        }
        api(.GET, "/api/v1/loans/:loan_id/dues") { app, request, store, principal in
            let lenderID = try app.readScope(principal, request, store: store)
            let asOf = try app.asOfParameter(request)
            guard let loanID = request.pathParameters["loan_id"], let inputs = try store.duesInputs(lenderID: lenderID, loanID: loanID) else {
                throw HTTPError.notFound("no such loan")
            }
            return .json(bytes: Dues.compute(inputs, asOf: asOf).canonicalJSON)
        }
        api(.GET, "/api/v1/cases") { app, request, store, principal in
            var query = CaseQuery(lenderID: try app.readScope(principal, request, store: store))
            if let status = request.query["status"], !status.isEmpty {
                if status == "open" { query.openOnly = true } else {
                    guard let known = CaseStatus(rawValue: status) else { throw HTTPError.badRequest("unknown status \"\(status)\"") }
                    query.status = known
                }
            }
            if let loanID = request.query["loan_id"], !loanID.isEmpty { query.loanID = loanID }
            if let limitText = request.query["limit"] {
                guard let limit = Int(limitText), (1...500).contains(limit) else { throw HTTPError.badRequest("limit must be 1 to 500") }
                query.limit = limit
            } else { query.limit = 50 }
            if let after = request.query["after"], !after.isEmpty {
                guard let key = CaseSummary.key(fromDisplayID: after) else { throw HTTPError.badRequest("after must be a case id such as C0000001") }
                query.afterKey = key
            }
            let cases = try store.cases(query)
            let next: JSONValue = cases.count == query.limit ? .string(cases.last!.id) : .null
            return .json((["cases": .array(cases.map(\.json)), "next_after": next] as JSONValue).canonical)
        }
        api(.GET, "/api/v1/cases/:case_id") { app, request, store, principal in
            let summary = try app.caseInScope(principal, request, store: store)
            return .json(summary.json.canonical)
        }
        api(.GET, "/api/v1/cases/:case_id/events") { app, request, store, principal in
            let summary = try app.caseInScope(principal, request, store: store)
            let events = try store.events(caseKey: summary.key)
            return .json((["case_id": .string(summary.id), "events": .array(events.map(\.json))] as JSONValue).canonical)
        }
        // Borrower-facing: the same data the portal shows.
        api(.GET, "/api/v1/me/loans") { app, request, store, principal in
            guard case .borrower(_, let borrowerKey, _) = principal else { throw HTTPError.forbidden("borrowers only") }
            let asOf = app.today
            let items: [JSONValue] = try store.loans(borrowerKey: borrowerKey).map { loan in
                let dues = try app.dues(loan, store: store, asOf: asOf)
                let policy = try store.policy(lenderID: loan.lenderID)
                return ["loan_id": .string(loan.record.loanID), "dues": dues.json,
                        "pathways": .array(Pathways.offered(dues: dues, policy: policy).map(\.json))]
            }
            return .json((["loans": .array(items)] as JSONValue).canonical)
        }
        registerBorrowerActionRoutes()
    }

    func registerBorrowerActionRoutes() {
        api(.GET, "/api/v1/me/loans/:loan_id/dues") { app, request, store, principal in
            guard case .borrower(let lenderID, let borrowerKey, _) = principal else { throw HTTPError.forbidden("borrowers only") }
            let asOf = try app.asOfParameter(request)
            guard let loanID = request.pathParameters["loan_id"], let inputs = try store.duesInputs(lenderID: lenderID, loanID: loanID),
                  inputs.loan.borrowerKey == borrowerKey else {
                throw HTTPError.notFound("no such loan")
            }
            return .json(bytes: Dues.compute(inputs, asOf: asOf).canonicalJSON)
        }
        api(.GET, "/api/v1/me/cases/:case_id/events") { app, request, store, principal in
            let summary = try app.borrowerCase(principal, request, store: store)
            let events = try store.events(caseKey: summary.key)
            return .json((["case_id": .string(summary.id), "events": .array(events.map(\.json))] as JSONValue).canonical)
        }
        api(.POST, "/api/v1/me/cases/:case_id/proposals") { app, request, store, principal in
            let summary = try app.borrowerCase(principal, request, store: store)
            let body = try app.jsonObject(request, fields: ["amount", "instalments", "first_date"])
            let currency = try store.loan(lenderID: summary.lenderID, loanID: summary.loanID)?.record.currency ?? .inr
            guard let amountText = body["amount"]?.stringValue, let amount = try? Money.parseMinor(amountText, digits: currency.minorDigits),
                  amount > 0 else { throw HTTPError.unprocessable("amount: a decimal string greater than zero, e.g. \"25000.00\"") }
            guard let instalments = body["instalments"]?.intValue, (1...36).contains(instalments) else {
                throw HTTPError.unprocessable("instalments: a whole number from 1 to 36")
            }
            guard let firstDate = body["first_date"]?.stringValue.flatMap({ CivilDate(iso: $0) }), firstDate >= app.today else {
                throw HTTPError.unprocessable("first_date: a date YYYY-MM-DD from today onwards")
            }
            guard case .borrower(_, let borrowerKey, let csrf) = principal, let borrower = try store.borrower(key: borrowerKey) else {
                throw HTTPError.forbidden("borrowers only")
            }
            let visit = BorrowerVisit(borrower: borrower, csrf: csrf, context: app.pageContext(request, csrf: csrf, borrower: borrower))
            let event = try app.borrowerEvent(summary, preferred: .negotiationStarted, data: [
                "kind": "proposal", "amount": .int(amount), "currency": .string(currency.code),
                "instalments": .int(instalments), "first_date": .string(firstDate.description),
                "summary": .string("The borrower proposed \(MoneyText.format(amount, currency)) in \(instalments) instalment(s) from \(firstDate)."),
            ], visit: visit, store: store)
            return .json(event.json.canonical, status: 201)
        }
    }

    /// A JSON object body with only the named fields: 415 for another media type, 400 for invalid JSON or another
    /// value, 422 naming an unknown field and the ones allowed.
    func jsonObject(_ request: HTTPRequest, fields: [String]) throws -> JSONValue {
        guard request.mediaType == "application/json" else { throw HTTPError.unsupportedMediaType("send application/json") }
        let body: JSONValue
        do { body = try JSONParser.parse(request.bodyText ?? "") } catch { throw HTTPError.badRequest("invalid JSON: \(error)") }
        guard case .object(let members) = body else { throw HTTPError.badRequest("expected an object") }
        for key in members.keys.sorted() where !fields.contains(key) {
            throw HTTPError.unprocessable("unknown field \(key) (\(fields.joined(separator: ", ")))")
        }
        return body
    }

    /// The signed-in borrower's own case; any other is a 404.
    func borrowerCase(_ principal: Principal, _ request: HTTPRequest, store: SQLiteStore) throws -> CaseSummary {
        guard case .borrower(let lenderID, let borrowerKey, _) = principal else { throw HTTPError.forbidden("borrowers only") }
        guard let id = request.pathParameters["case_id"], let summary = try store.caseSummary(lenderID: lenderID, id: id),
              let borrower = try store.borrower(key: borrowerKey), summary.borrowerID == borrower.borrowerID else {
            throw HTTPError.notFound("no such case")
        }
        return summary
    }

    typealias APIHandler = @Sendable (WebApp, HTTPRequest, SQLiteStore, Principal) throws -> HTTPResponse

    /// Registers an authenticated API route: 401 without credentials, CSRF on cookie-authenticated writes.
    /// A read runs in one read transaction, so all its queries see one snapshot; `snapshot: false` is for
    /// handlers whose data comes from a single statement, which is its own snapshot, saving BEGIN and COMMIT.
    func api(_ method: HTTPMethod, _ pattern: String, snapshot: Bool = true, _ handler: @escaping APIHandler) {
        let reads = snapshot && (method == .GET || method == .HEAD)
        router.add(method, pattern) { [unowned self] request in
            do {
                return try pool.with { store in
                    // Reads see one snapshot and take the database lock once, not once per query.
                    reads ? try store.reading { try authenticated(request, store: store, handler) }
                          : try authenticated(request, store: store, handler)
                }
            } catch let error as HTTPError {
                return error.response(json: true)
            }
        }
    }

    /// Runs an API handler for the request's principal: 401 without credentials, CSRF checked on writes.
    private func authenticated(_ request: HTTPRequest, store: SQLiteStore, _ handler: APIHandler) throws -> HTTPResponse {
        guard let principal = try principal(request, store: store) else {
            throw HTTPError.unauthorized("sign in or send Authorization: Bearer <API key>")
        }
        if request.method != .GET && request.method != .HEAD { try requireCSRF(request, principal: principal, form: nil) }
        return try handler(self, request, store, principal)
    }

    /// The lender a reading principal may see. Platform roles name it with `?lender=` (default `default`).
    func readScope(_ principal: Principal, _ request: HTTPRequest, store: SQLiteStore) throws -> String {
        switch principal {
        case .lenderSystem(let lenderID, _): return lenderID
        case .staff(let user, _):
            switch user.role {
            case .lenderAdmin, .lenderAgent:
                guard let lenderID = user.lenderID else { throw HTTPError.forbidden() }
                return lenderID
            case .platformAdmin, .caseManager: return try namedLender(request, store: store)
            case .mediator, .arbitrator: throw HTTPError.forbidden("neutrals see only their assigned cases")
            }
        case .borrower: throw HTTPError.forbidden("not available to borrowers")
        }
    }

    /// The lender a writing principal may change: its systems, its admins, or a platform admin.
    func writeScope(_ principal: Principal, _ request: HTTPRequest, store: SQLiteStore) throws -> String {
        switch principal {
        case .lenderSystem(let lenderID, _): return lenderID
        case .staff(let user, _) where user.role == .lenderAdmin:
            guard let lenderID = user.lenderID else { throw HTTPError.forbidden() }
            return lenderID
        case .staff(let user, _) where user.role == .platformAdmin: return try namedLender(request, store: store)
        default: throw HTTPError.forbidden("this role cannot change the loan book")
        }
    }

    /// The lender a platform role names with `?lender=` (default `default`); an unknown one is a 404.
    private func namedLender(_ request: HTTPRequest, store: SQLiteStore) throws -> String {
        let lenderID = request.query["lender"] ?? "default"
        guard try store.lender(id: lenderID) != nil else { throw HTTPError.notFound("no such lender") }
        return lenderID
    }

    /// A case the principal may see; anything else is a 404 that says nothing about existence.
    func caseInScope(_ principal: Principal, _ request: HTTPRequest, store: SQLiteStore) throws -> CaseSummary {
        let lenderID = try readScope(principal, request, store: store)
        guard let id = request.pathParameters["case_id"], let summary = try store.caseSummary(lenderID: lenderID, id: id) else {
            throw HTTPError.notFound("no such case")
        }
        return summary
    }

    func asOfParameter(_ request: HTTPRequest) throws -> CivilDate {
        guard let text = request.query["as_of"], !text.isEmpty else { return today }
        guard let date = CivilDate(iso: text) else { throw HTTPError.badRequest("as_of must be a date YYYY-MM-DD") }
        return date
    }

    func dues(_ loan: StoredLoan, store: SQLiteStore, asOf: CivilDate) throws -> Dues {
        let policy = try store.policy(lenderID: loan.lenderID)
        return Dues.compute(loanID: loan.record.loanID, currency: loan.record.currency, terms: loan.record.terms,
                            payments: try store.payments(loanKey: loan.key), rules: policy.ledgerRules(for: loan.record.currency),
                            asOf: asOf)
    }
}

extension Dues {
    static func compute(_ inputs: (loan: StoredLoanTerms, payments: [LedgerPayment], policy: LenderPolicy), asOf: CivilDate) -> Dues {
        Dues.compute(loanID: inputs.loan.loanID, currency: inputs.loan.currency, terms: inputs.loan.terms, payments: inputs.payments,
                     rules: inputs.policy.ledgerRules(for: inputs.loan.currency), asOf: asOf)
    }
}
