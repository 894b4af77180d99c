import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore

/// The web side of Parley: every route, its authentication and its handlers, on one router.
public final class WebApp: Sendable {
    public let router: Router
    public let metrics: HTTPMetrics
    let pool: StorePool
    let configuration: WebConfiguration
    let clock: @Sendable () -> Instant
    let passwords: PasswordHasher
    let addressLimiter: RateLimiter
    let borrowerLimiter: RateLimiter

    public init(pool: StorePool, configuration: WebConfiguration, passwords: PasswordHasher = .standard,
                metrics: HTTPMetrics = HTTPMetrics(), clock: @escaping @Sendable () -> Instant) {
        self.pool = pool
        self.configuration = configuration
        self.clock = clock
        self.passwords = passwords
        self.metrics = metrics
        addressLimiter = RateLimiter(limit: configuration.authAttemptsPerMinutePerAddress, windowSeconds: 60)
        borrowerLimiter = RateLimiter(limit: 20, windowSeconds: 3600)
        router = Router()
        registerRoutes()
        registerGauges()
    }

    private func registerGauges() {
        let pool = pool
        let read: @Sendable () -> (openCases: Int, outboxPlanned: Int, lastCycleDay: Int) = {
            (try? pool.with { try $0.operationalFigures() }) ?? (0, 0, 0)
        }
        metrics.register(gauge: "parley_cases_open", help: "Open cases across lenders.") { Double(read().openCases) }
        metrics.register(gauge: "parley_outbox_planned", help: "Messages waiting in the outbox.") { Double(read().outboxPlanned) }
        metrics.register(gauge: "parley_cycle_last_completed_day_seconds",
                         help: "Start of the last day the daily cycle completed, Unix seconds.") { Double(read().lastCycleDay) * 86_400 }
    }

    private func registerRoutes() {
        router.add(.GET, "/healthz") { _ in .text("ok\n") }
        router.add(.GET, "/metrics") { [metrics] _ in metrics.response() }
        router.add(.GET, "/") { _ in .redirect(to: "/login") }
        registerStaffRoutes()
        registerPortalRoutes()
        registerAPIRoutes()
        registerWebhookRoutes()
    }

    /// Today for dues: the configured day in demos and tests, else the UTC date.
    var today: CivilDate { configuration.fixedToday ?? clock().utcDate }

    // MARK: Authentication

    static let staffCookie = "parley_session"
    static let borrowerCookie = "parley_borrower"
    static let anonymousCSRFCookie = "parley_csrf"
    static let languageCookie = "parley_lang"

    /// The principal behind a request, or nil when it carries no valid credential.
    func principal(_ request: HTTPRequest, store: SQLiteStore) throws -> Principal? {
        let now = clock()
        if let authorization = request.headers["Authorization"] {
            guard authorization.hasPrefix("Bearer "), let key = try store.apiKey(keyHash: Sodium.sha256Hex(String(authorization.dropFirst(7)))) else {
                throw HTTPError.unauthorized("invalid API key")
            }
            return .lenderSystem(lenderID: key.lenderID, keyPrefix: key.prefix)
        }
        let (staffToken, borrowerToken) = request.cookies(Self.staffCookie, Self.borrowerCookie)
        if let token = staffToken, let session = try store.session(tokenHash: Sodium.sha256Hex(token), now: now),
           case .user(let userID) = session.subject, let user = try store.user(id: userID), !user.disabled {
            return .staff(user: user, csrfToken: session.csrfToken)
        }
        if let token = borrowerToken, let session = try store.session(tokenHash: Sodium.sha256Hex(token), now: now),
           case .borrower(let lenderID, let borrowerKey) = session.subject {
            return .borrower(lenderID: lenderID, borrowerKey: borrowerKey, csrfToken: session.csrfToken)
        }
        return nil
    }

    /// A state-changing request made with a session cookie must carry that session's CSRF token.
    func requireCSRF(_ request: HTTPRequest, principal: Principal, form: [String: String]?) throws {
        guard let expected = principal.csrfToken else { return } // API keys are not ambient credentials
        let given = form?["csrf"] ?? request.headers["X-CSRF-Token"] ?? ""
        guard Sodium.constantTimeEqual(Array(given.utf8), Array(expected.utf8)) else {
            throw HTTPError.forbidden("missing or invalid CSRF token")
        }
    }

    /// For forms shown before any session (sign-in, the one-time code): a double-submit cookie.
    func anonymousCSRF(_ request: HTTPRequest) -> (token: String, isNew: Bool) {
        if let token = request.cookie(Self.anonymousCSRFCookie), token.utf8.count == 43 { return (token, false) }
        return (Sodium.randomToken(), true)
    }

    func requireAnonymousCSRF(_ request: HTTPRequest, form: [String: String]) throws {
        let cookie = request.cookie(Self.anonymousCSRFCookie) ?? ""
        let given = form["csrf"] ?? ""
        guard !cookie.isEmpty, Sodium.constantTimeEqual(Array(given.utf8), Array(cookie.utf8)) else {
            throw HTTPError.forbidden("missing or invalid CSRF token")
        }
    }

    func setAnonymousCSRF(_ response: inout HTTPResponse, token: String) {
        response.setCookie(name: Self.anonymousCSRFCookie, value: token, maxAge: 3600, httpOnly: true,
                           secure: configuration.secureCookies, sameSite: .strict)
    }

    /// Starts a session and returns the cookie token (only its hash is stored).
    func startSession(_ subject: StoredSession.Subject, lifetime: Int64, store: SQLiteStore) throws -> (token: String, csrf: String) {
        let token = Sodium.randomToken(), csrf = Sodium.randomToken()
        let now = clock()
        try store.createSession(StoredSession(tokenHash: Sodium.sha256Hex(token), subject: subject, csrfToken: csrf,
                                              createdAt: now, expiresAt: now.adding(seconds: lifetime)))
        return (token, csrf)
    }

    func allowAttempt(_ request: HTTPRequest) throws {
        guard addressLimiter.allow("addr:" + request.remoteAddress, now: clock().secondsSinceEpoch) else {
            throw HTTPError.tooManyRequests("too many attempts from this address; wait a minute", retryAfterSeconds: 60)
        }
    }
}
