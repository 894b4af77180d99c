import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore

/// Staff sign-in with Argon2id passwords and cookie sessions, and the staff pages.
extension WebApp {
    /// Verified against when the email is unknown, so a wrong email costs the same time as a wrong password.
    private static let decoyHash = PasswordHasher(opsLimit: 1, memLimitBytes: 8 * 1024 * 1024).hash("decoy")

    func registerStaffRoutes() {
        router.add(.GET, "/login") { [unowned self] request in
            let csrf = anonymousCSRF(request)
            var response = HTTPResponse.html(StaffPages.login(csrf: csrf.token, error: nil))
            if csrf.isNew { setAnonymousCSRF(&response, token: csrf.token) }
            return response
        }
        router.add(.POST, "/login") { [unowned self] request in
            try allowAttempt(request)
            let form = try request.formFields()
            try requireAnonymousCSRF(request, form: form)
            let email = form["email"] ?? "", password = form["password"] ?? ""
            return try pool.with { store in
                let user = try store.user(email: email)
                let valid = passwords.verify(password, against: user?.passwordHash ?? Self.decoyHash) && user?.disabled == false
                guard let user, valid else {
                    let csrf = anonymousCSRF(request)
                    return .html(StaffPages.login(csrf: csrf.token, error: "The email or password is not right."), status: 401)
                }
                let session = try startSession(.user(user.id), lifetime: configuration.staffSessionSeconds, store: store)
                var response = HTTPResponse.redirect(to: "/staff")
                response.setCookie(name: Self.staffCookie, value: session.token, maxAge: Int(configuration.staffSessionSeconds),
                                   httpOnly: true, secure: configuration.secureCookies, sameSite: .lax)
                return response
            }
        }
        router.add(.POST, "/logout") { [unowned self] request in
            try pool.with { store in
                guard let principal = try principal(request, store: store), case .staff = principal else { return .redirect(to: "/login") }
                try requireCSRF(request, principal: principal, form: try request.formFields())
                if let token = request.cookie(Self.staffCookie) { try store.deleteSession(tokenHash: Sodium.sha256Hex(token)) }
                var response = HTTPResponse.redirect(to: "/login")
                response.setCookie(name: Self.staffCookie, value: "gone", maxAge: 0, secure: configuration.secureCookies)
                return response
            }
        }
        router.add(.GET, "/staff") { [unowned self] request in
            try pool.with { store in
                let (user, csrf) = try requireStaff(request, store: store)
                let lenderID = try readScope(.staff(user: user, csrfToken: csrf), request, store: store)
                var query = CaseQuery(lenderID: lenderID)
                query.limit = 50
                let counts = try store.caseCounts(lenderID: lenderID).sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { ($0.key.rawValue, $0.value) }
                let rows = try store.cases(query).map { [$0.id, $0.loanID, $0.borrowerID, $0.state.displayStatus, $0.state.updatedAt.description] }
                return .html(StaffPages.dashboard(email: user.email, role: user.role.rawValue, lenderID: lenderID, counts: counts,
                                                  rows: rows, csrf: csrf))
            }
        }
        router.add(.GET, "/staff/cases/:case_id") { [unowned self] request in
            try pool.with { store in
                let (user, csrf) = try requireStaff(request, store: store)
                let summary = try caseInScope(.staff(user: user, csrfToken: csrf), request, store: store)
                let events = try store.events(caseKey: summary.key).map { event in
                    (event.at.description, event.kind.rawValue, event.actor.description,
                     [event.data["summary"]?.stringValue, event.rule.map { "rule \($0); inputs \(event.inputs.canonical)" }]
                        .compactMap { $0 }.joined(separator: " — "))
                }
                return .html(StaffPages.caseDetail(id: summary.id, loanID: summary.loanID, status: summary.state.displayStatus, events: events))
            }
        }
    }

    /// The signed-in staff user, or a redirect to sign-in.
    func requireStaff(_ request: HTTPRequest, store: SQLiteStore) throws -> (StoredUser, String) {
        guard case .staff(let user, let csrf)? = try principal(request, store: store) else {
            var headers = HTTPHeaders()
            headers.add("Location", "/login")
            throw HTTPError(status: 303, message: "sign in first", headers: headers)
        }
        return (user, csrf)
    }
}
