import Foundation
import Synchronization
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyHTTP
@testable import ParleyWeb

// Shared fixtures for the in-process and live tests of ParleyWeb.

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let now: Mutex<Instant>
    init(_ start: Instant) { now = Mutex(start) }
    func read() -> Instant { now.withLock { $0 } }
    func advance(seconds: Int64) { now.withLock { $0 = $0.adding(seconds: seconds) } }
}

/// Cheap Argon2id parameters for tests.
enum TestPasswords {
    static let hasher = PasswordHasher(opsLimit: 1, memLimitBytes: 8 << 20)
    static let password = "correct horse battery"
    /// Hashed once: every test user shares it.
    static let hash = hasher.hash(password)
}

/// Who is signed in for a request: the cookies and the token a form must carry.
struct Credentials {
    var cookies: [String: String] = [:]
    var csrf: String = ""
}

/// One scratch database with two lenders, a few loans, open cases, users and API keys, and a WebApp over it.
///
/// Default lender: borrower B1 holds L1 (part-paid) and L2; borrower B2 holds L3.
/// Acme: a different borrower who is also called B1 holds A1. Every loan has an open case.
final class WebWorld {
    static let today = CivilDate(year: 2026, month: 4, day: 15)!
    static let apiKeyDefault = "pk_default_" + String(repeating: "d", count: 32)
    static let apiKeyAcme = "pk_acme_" + String(repeating: "a", count: 32)

    let directory: String
    let path: String
    let store: SQLiteStore
    let clock: ManualClock
    let configuration: WebConfiguration
    let app: WebApp
    /// Case ids by loan id ("L1", "L2", "L3", "A1").
    private(set) var caseIDs: [String: String] = [:]
    private(set) var caseKeys: [String: Int64] = [:]

    init(configure: (inout WebConfiguration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-web-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/parley.sqlite"
        store = try SQLiteStore(path: path, sha256: Sodium.sha256)
        clock = ManualClock(Instant(date: Self.today, hour: 10))
        var cfg = WebConfiguration()
        cfg.fixedToday = Self.today
        cfg.baseURL = "https://parley.test/"
        configure(&cfg)
        configuration = cfg
        let dbPath = path
        let clock = self.clock
        app = WebApp(pool: StorePool { try SQLiteStore(path: dbPath, sha256: Sodium.sha256) }, configuration: cfg,
                     passwords: TestPasswords.hasher, clock: { clock.read() })
        try seed()
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    static func loan(_ id: String, borrower: String, name: String = "Asha Rao", phone: String = "+919876543210",
                     language: String = "en") -> LoanRecord {
        LoanRecord(loanID: id, borrowerID: borrower, borrowerName: name, phone: phone, email: nil, language: language,
                   timeZone: "Asia/Kolkata", jurisdiction: .india, currency: .inr,
                   terms: LoanTerms(principal: 10_000_000, annualRateBps: 1200, tenureMonths: 12,
                                    firstDueOn: CivilDate(year: 2026, month: 1, day: 31)!),
                   emiGiven: false)
    }

    private func seed() throws {
        try store.upsertLender(Lender(id: "acme", name: "Acme Finance"))
        let openedAt = Instant(date: CivilDate(year: 2026, month: 2, day: 10)!, hour: 2)
        try store.transaction {
            let importID = try store.nextImportID()
            _ = try store.upsertLoan(Self.loan("L1", borrower: "B1"), lenderID: "default", importID: importID)
            _ = try store.upsertLoan(Self.loan("L2", borrower: "B1"), lenderID: "default", importID: importID)
            _ = try store.upsertLoan(Self.loan("L3", borrower: "B2", name: "Ravi Kumar", phone: "+919811112222"),
                                     lenderID: "default", importID: importID)
            _ = try store.insertPayment(PaymentRecord(loanID: "L1", paidOn: CivilDate(year: 2026, month: 2, day: 2)!,
                                                      amount: 500_000, reference: "PAY-1"), lenderID: "default", importID: importID)
        }
        try store.transaction {
            let importID = try store.nextImportID()
            _ = try store.upsertLoan(Self.loan("A1", borrower: "B1", name: "Other Person", phone: "+919899998888"),
                                     lenderID: "acme", importID: importID)
        }
        for (loanID, lenderID) in [("L1", "default"), ("L2", "default"), ("L3", "default"), ("A1", "acme")] {
            let loan = try #require(try store.loan(lenderID: lenderID, loanID: loanID))
            let summary = try store.openCase(loanKey: loan.key, lenderID: lenderID,
                                             event: NewCaseEvent(kind: .opened, at: openedAt, actor: .system("cycle"),
                                                                 data: ["summary": "opened by the test"]))
            caseIDs[loanID] = summary.id
            caseKeys[loanID] = summary.key
        }
        let at = clock.read()
        for (email, role, lender) in [("admin@default.test", Role.lenderAdmin, "default" as String?),
                                      ("agent@default.test", .lenderAgent, "default"),
                                      ("admin@acme.test", .lenderAdmin, "acme"),
                                      ("mediator@odr.test", .mediator, nil),
                                      ("platform@parley.test", .platformAdmin, nil)] {
            _ = try store.createUser(email: email, passwordHash: TestPasswords.hash, role: role, lenderID: lender, at: at)
        }
        _ = try store.createAPIKey(lenderID: "default", keyHash: Sodium.sha256Hex(Self.apiKeyDefault),
                                   prefix: String(Self.apiKeyDefault.prefix(12)), at: at)
        _ = try store.createAPIKey(lenderID: "acme", keyHash: Sodium.sha256Hex(Self.apiKeyAcme),
                                   prefix: String(Self.apiKeyAcme.prefix(12)), at: at)
    }

    // MARK: Requests

    func send(_ method: HTTPMethod, _ target: String, as credentials: Credentials? = nil,
              headers extra: [(String, String)] = [], body: [UInt8] = [], remoteAddress: String = "10.0.0.1") -> HTTPResponse {
        var headers = HTTPHeaders()
        if let credentials, !credentials.cookies.isEmpty {
            headers.add("Cookie", credentials.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        for (name, value) in extra { headers.add(name, value) }
        return app.router.respond(to: HTTPRequest(method: method, target: target, headers: headers, body: body,
                                                  remoteAddress: remoteAddress))
    }

    func get(_ target: String, as credentials: Credentials? = nil, headers: [(String, String)] = []) -> HTTPResponse {
        send(.GET, target, as: credentials, headers: headers)
    }

    /// A URL-encoded form POST.
    func post(_ target: String, as credentials: Credentials? = nil, form: [(String, String)],
              headers: [(String, String)] = []) -> HTTPResponse {
        send(.POST, target, as: credentials, headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
             body: Array(FormEncoding.encode(form).utf8))
    }

    func postJSON(_ target: String, as credentials: Credentials? = nil, json: String,
                  headers: [(String, String)] = []) -> HTTPResponse {
        send(.POST, target, as: credentials, headers: [("Content-Type", "application/json")] + headers, body: Array(json.utf8))
    }

    static func bearer(_ key: String) -> [(String, String)] { [("Authorization", "Bearer " + key)] }

    // MARK: Borrower entry

    /// Issues a personal link for `loanID` and returns its path (`/p/<token>`).
    func issueLink(lenderID: String = "default", loanID: String) throws -> String {
        let url = try BorrowerLinks.issue(store: store, lenderID: lenderID, loanID: loanID, baseURL: configuration.baseURL,
                                          now: clock.read(), lifetimeSeconds: configuration.linkLifetimeSeconds)
        let prefix = configuration.baseURL.trimmingSuffix("/")
        #expect(url.hasPrefix(prefix + "/p/"))
        return String(url.dropFirst(prefix.count))
    }

    /// The one-time-code messages in the outbox, oldest first.
    func codeMessages() throws -> [OutboxMessage] {
        try store.outbox(lenderID: nil, loanID: nil, limit: 10_000).map(\.message).filter { $0.template == "one_time_code" }
    }

    /// The code in the newest one-time-code message.
    func latestCode() throws -> String {
        let message = try #require(try codeMessages().last)
        return try #require(SixDigits.find(in: message.body))
    }

    /// Opens the link, reads the code from the outbox, confirms it, and returns the borrower's credentials.
    func enterAsBorrower(lenderID: String = "default", loanID: String) throws -> Credentials {
        let link = try issueLink(lenderID: lenderID, loanID: loanID)
        let page = get(link)
        try #require(page.status == 200)
        let anonymous = try #require(page.cookie(WebApp.anonymousCSRFCookie))
        let entered = post(link, as: Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous]),
                           form: [("csrf", anonymous), ("code", try latestCode())])
        try #require(entered.status == 303)
        let token = try #require(entered.cookie(WebApp.borrowerCookie))
        var credentials = Credentials(cookies: [WebApp.borrowerCookie: token])
        // The page the borrower lands on carries the session's CSRF token in its forms.
        let landing = get(try #require(entered.headers["Location"]), as: credentials)
        try #require(landing.status == 200)
        credentials.csrf = try #require(HTMLScrape.csrf(in: landing.text))
        return credentials
    }

    // MARK: Staff sign-in

    func signIn(_ email: String, password: String = TestPasswords.password) throws -> Credentials {
        let form = get("/login")
        let anonymous = try #require(form.cookie(WebApp.anonymousCSRFCookie))
        let response = post("/login", as: Credentials(cookies: [WebApp.anonymousCSRFCookie: anonymous]),
                            form: [("csrf", anonymous), ("email", email), ("password", password)])
        try #require(response.status == 303)
        let token = try #require(response.cookie(WebApp.staffCookie))
        var credentials = Credentials(cookies: [WebApp.staffCookie: token])
        let dashboard = get("/staff", as: credentials)
        if dashboard.status == 200, let csrf = HTMLScrape.csrf(in: dashboard.bodyText ?? "") {
            credentials.csrf = csrf
        } else {
            // Roles without a dashboard (neutrals): read the session's token from the store.
            credentials.csrf = try #require(try store.session(tokenHash: Sodium.sha256Hex(token), now: clock.read())).csrfToken
        }
        return credentials
    }

    // MARK: Looking at the data

    struct MissingFixture: Error { let name: String }

    /// The id of the case opened for `loanID`.
    func caseID(_ loanID: String) throws -> String {
        guard let id = caseIDs[loanID] else { throw MissingFixture(name: loanID) }
        return id
    }

    func caseKey(_ loanID: String) throws -> Int64 {
        guard let key = caseKeys[loanID] else { throw MissingFixture(name: loanID) }
        return key
    }

    func events(_ loanID: String) throws -> [CaseEvent] {
        try store.events(caseKey: try caseKey(loanID))
    }

    func summary(_ loanID: String) throws -> CaseSummary {
        let lenderID = loanID.hasPrefix("A") ? "acme" : "default"
        let id = try caseID(loanID)
        return try #require(try store.caseSummary(lenderID: lenderID, id: id))
    }

    /// The loan's dues as the product computes them (the same inputs `parley dues` uses).
    func dues(_ loanID: String, lenderID: String = "default") throws -> Dues {
        let loan = try #require(try store.loan(lenderID: lenderID, loanID: loanID))
        return Dues.compute(loanID: loanID, currency: loan.record.currency, terms: loan.record.terms,
                            payments: try store.payments(loanKey: loan.key),
                            rules: try store.policy(lenderID: lenderID).ledgerRules(for: loan.record.currency), asOf: Self.today)
    }
}

extension HTTPResponse {
    /// The value set for cookie `name` by a `Set-Cookie` field of this response.
    func cookie(_ name: String) -> String? {
        for field in headers.values("Set-Cookie") {
            let first = field.split(separator: ";", maxSplits: 1).first ?? ""
            let pair = first.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }

    /// The whole `Set-Cookie` field for cookie `name`.
    func setCookieField(_ name: String) -> String? {
        headers.values("Set-Cookie").first { $0.hasPrefix(name + "=") }
    }

    var text: String { bodyText ?? "" }

    var json: JSONValue? { bodyText.flatMap { try? JSONParser.parse($0) } }
}

enum FormEncoding {
    static func encode(_ fields: [(String, String)]) -> String {
        fields.map { percent($0.0) + "=" + percent($0.1) }.joined(separator: "&")
    }

    static func percent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}

enum Multipart {
    static let boundary = "----parley-test-boundary-7d1f"

    /// A multipart/form-data body with text fields and one file.
    static func body(fields: [(String, String)], file: (name: String, filename: String, type: String, data: [UInt8])) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in fields {
            out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        out += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8)
        out += file.data
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }

    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

enum SixDigits {
    /// The first run of exactly six ASCII digits.
    static func find(in text: String) -> String? {
        var run = ""
        for character in text + " " {
            if character.isASCII, character.isNumber { run.append(character); continue }
            if run.count == 6 { return run }
            run = ""
        }
        return nil
    }
}

enum HTMLScrape {
    /// The `<main>` element: a page's content without the header's language links (which repeat the path).
    static func main(_ html: String) -> Substring {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return html[...] }
        return html[start.lowerBound..<end.upperBound]
    }

    /// The value of the first hidden `csrf` field.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

/// Amounts as a borrower should read them, written independently of the product: ₹1,23,456.78.
enum IndianRupees {
    static func format(_ minor: Int64) -> String {
        let value = abs(minor)
        let paise = value % 100
        var head = String(value / 100)
        var whole = head
        if head.count > 3 {
            let tail = String(head.suffix(3))
            head.removeLast(3)
            var groups: [String] = []
            while head.count > 2 { groups.insert(String(head.suffix(2)), at: 0); head.removeLast(2) }
            if !head.isEmpty { groups.insert(head, at: 0) }
            whole = (groups + [tail]).joined(separator: ",")
        }
        return (minor < 0 ? "-" : "") + "₹" + whole + "." + (paise < 10 ? "0" : "") + String(paise)
    }
}
