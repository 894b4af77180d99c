import Foundation
import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore
import ParleyWeb

/// `parley serve`, `user add`, `apikey create|revoke`, `link issue`, `outbox list`.
struct AccessCommands {
    let console: any Console
    let environment: [String: String]
    let location: DatabaseLocation

    func run(_ command: ParsedCommand) throws {
        switch command.path {
        case ["serve"]: try serve(command)
        case ["user", "add"]: try addUser(command)
        case ["apikey", "create"]:
            let store = try location.open(create: false)
            let lenderID = try command.requiredOption("lender")
            let key = "pk_" + Sodium.randomToken()
            let stored = try store.createAPIKey(lenderID: lenderID, keyHash: Sodium.sha256Hex(key), prefix: String(key.prefix(11)),
                                                at: now())
            console.out(key)
            console.err("API key \(stored.prefix)… created for \(lenderID); it is shown only now.")
        case ["apikey", "revoke"]:
            let store = try location.open(create: false)
            let revoked = try store.revokeAPIKey(prefix: try command.requiredPositional("PREFIX"), lenderID: try command.requiredOption("lender"), at: now())
            guard revoked else { throw AppError.notFound("no active key with that prefix for this lender") }
            console.out("Revoked.")
        case ["link", "issue"]:
            let store = try location.open(create: false)
            let base = command.option("base-url") ?? environment["PARLEY_BASE_URL"] ?? "http://127.0.0.1:8080"
            let url = try BorrowerLinks.issue(store: store, lenderID: command.option("lender") ?? "default",
                                              loanID: try command.requiredOption("loan"), baseURL: base, now: now(),
                                              lifetimeSeconds: WebConfiguration().linkLifetimeSeconds)
            console.out(url)
        case ["outbox", "list"]:
            let store = try location.open(create: false)
            let limit = try command.int("limit") ?? 1000
            let entries = try store.outbox(lenderID: command.option("lender") ?? "default", loanID: command.option("loan"), limit: limit)
            if command.flag("json") {
                console.out(JSONValue.array(entries.map(\.json)).canonical)
            } else {
                for entry in entries {
                    console.out("\(entry.message.id)\t\(entry.message.status.rawValue)\t\(entry.message.channel)\t\(entry.loanID ?? "-")\t\(entry.message.body)")
                }
            }
        default: break
        }
    }

    private func now() -> Instant { Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)) }

    private func addUser(_ command: ParsedCommand) throws {
        guard command.flag("password-stdin") else { throw CommandUsageError("pass --password-stdin and the password on standard input") }
        guard let role = Role(rawValue: try command.requiredOption("role")) else {
            throw CommandUsageError("unknown role (one of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let lenderID = command.option("lender")
        if role.isLenderScoped && lenderID == nil { throw CommandUsageError("--lender is required for \(role.rawValue)") }
        let email = try command.requiredOption("email")
        guard email.contains("@"), email.utf8.count <= 254 else { throw CommandUsageError("--email must be an email address") }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var password = String(decoding: input, as: UTF8.self)
        while password.hasSuffix("\n") || password.hasSuffix("\r") { password.removeLast() }
        guard password.count >= 8 else { throw AppError.invalidInput("the password must have at least 8 characters") }
        let store = try location.open(create: true)
        do {
            _ = try store.createUser(email: email, passwordHash: PasswordHasher.standard.hash(password), role: role,
                                     lenderID: role.isLenderScoped ? lenderID : lenderID, at: now())
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw AppError.invalidInput("a user with email \(email) already exists")
        }
        console.out("User \(email) (\(role.rawValue)) added.")
    }

    private func serve(_ command: ParsedCommand) throws {
        guard let port = try command.int("port") ?? 8080 as Int?, (0...65535).contains(port) else {
            throw CommandUsageError("--port must be 0 to 65535")
        }
        var configuration = WebConfiguration()
        let bind = command.option("bind") ?? "127.0.0.1"
        configuration.baseURL = command.option("base-url") ?? environment["PARLEY_BASE_URL"] ?? "http://\(bind):\(port)"
        configuration.secureCookies = configuration.baseURL.hasPrefix("https://")
        if let today = command.option("today") {
            guard let day = CivilDate(iso: today) else { throw CommandUsageError("--today must be a date YYYY-MM-DD") }
            configuration.fixedToday = day
        }
        configuration.webhooks = try OutreachConfiguration.providerSet(command, environment).webhookSecrets
        _ = try location.open(create: true) // migrate once before workers start
        let location = self.location
        let pool = StorePool { try location.open(create: false) }
        let app = WebApp(pool: pool, configuration: configuration) {
            Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        }
        var server = ServerConfiguration()
        server.bindAddress = bind
        server.port = port
        if let threads = try command.int("threads") { server.threads = max(1, threads) }
        SignalWaiter.blockTerminationSignals()
        let http = HTTPServer(configuration: server, router: app.router, accessLog: { entry in
            FileHandle.standardError.write(Data((entry.jsonLine + "\n").utf8))
        }, metrics: app.metrics)
        try http.start()
        console.out("Parley is serving on http://\(bind):\(http.port) (staff: /login, API: /api/v1, health: /healthz)")
        let signal = SignalWaiter.waitForTermination()
        console.err("signal \(signal): finishing in-flight requests…")
        http.stop(graceTimeout: 10)
        console.err("stopped.")
    }
}

extension OutboxEntry {
    var json: JSONValue {
        [
            "id": .int(message.id), "case_id": caseID.map { .string($0) } ?? .null, "loan_id": loanID.map { .string($0) } ?? .null,
            "borrower_id": .string(borrowerID), "channel": .string(message.channel), "template": .string(message.template),
            "language": .string(message.language), "body": .string(message.body), "status": .string(message.status == .sending ? "planned" : message.status.rawValue),
            "planned_at": .string(message.plannedAt.description), "sent_at": message.sentAt.map { .string($0.description) } ?? .null,
            "reason": reasonRecord.map { record in
                if case .object(let members) = record, case .string(let summary)? = members["summary"] {
                    if case .string(let rule)? = members["rule"] { return .string(rule + ": " + summary) }
                    return .string(summary)
                }
                return .string(message.reason ?? "")
            } ?? .null,
            "decision": reasonRecord ?? .null,
            "purpose": .string(message.purpose.rawValue), "attempts": .int(Int64(message.attempts)),
            "destination": .string(message.destination),
            "provider": message.provider.map { .string($0) } ?? .null,
            "provider_message_id": message.providerMessageID.map { .string($0) } ?? .null,
            "due_at": message.dueAt.map { .string($0.description) } ?? .null,
            "delivered_at": message.deliveredAt.map { .string($0.description) } ?? .null,
            "read_at": message.readAt.map { .string($0.description) } ?? .null,
            "fallbacks": .array(message.fallbacks.map { .string($0.rawValue) }),
        ]
    }

    /// The stored reason as the structured record (rule, summary, inputs), when it is one.
    private var reasonRecord: JSONValue? {
        guard let text = message.reason, text.hasPrefix("{"), let value = try? JSONParser.parse(text) else {
            return message.reason.map { .string($0) }
        }
        return value
    }
}
