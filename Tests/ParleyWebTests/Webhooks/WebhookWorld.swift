import Testing
import ParleyApp
import ParleyChannels
import ParleyCore
import ParleyCrypto
@testable import ParleyHTTP
@testable import ParleyStore
@testable import ParleyWeb

/// A `WebWorld` whose webhooks are configured, with signed requests, payloads shaped like the providers' and a
/// row-level snapshot of the tables a webhook may touch.
///
/// Borrowers: B1 (+919876543210, loans L1 and L2, two open cases), B2 (+919811112222, loan L3), both of the
/// default lender, English; Acme's borrower is +919899998888.
struct WebhookWorld {
    static let appSecret = "APPSECRET"
    static let verifyToken = "VERIFY"
    static let smsSecret = "SMSSECRET"
    /// WhatsApp's `wa_id` form (digits, no `+`) and Exotel's trunk form of the test borrowers.
    static let b1WhatsApp = "919876543210", b2WhatsApp = "919811112222"
    static let b1Exotel = "09876543210", b2Exotel = "09811112222"
    static let stranger = "919000000001"

    let web: WebWorld

    init() throws {
        web = try WebWorld { configuration in
            configuration.webhooks = WebhookSecrets(whatsAppAppSecret: Secret(Self.appSecret),
                                                    whatsAppVerifyToken: Secret(Self.verifyToken),
                                                    smsWebhookSecret: Secret(Self.smsSecret))
        }
    }

    var store: SQLiteStore { web.store }
    var now: Instant { web.clock.read() }

    // MARK: Requests

    static func signature(_ body: [UInt8], secret: String = appSecret) -> String {
        "sha256=" + Sodium.hex(Sodium.hmacSHA256(key: Array(secret.utf8), message: body))
    }

    enum Signing { case valid, missing, header(String) }

    /// A WhatsApp notification POST, signed with the app secret unless told otherwise.
    func whatsApp(_ body: [UInt8], signing: Signing = .valid) -> HTTPResponse {
        var headers = [("Content-Type", "application/json")]
        switch signing {
        case .valid: headers.append(("X-Hub-Signature-256", Self.signature(body)))
        case .missing: break
        case .header(let value): headers.append(("X-Hub-Signature-256", value))
        }
        return web.send(.POST, "/webhooks/whatsapp", headers: headers, body: body)
    }

    func smsStatus(secret: String = smsSecret, _ form: [(String, String)]) -> HTTPResponse {
        web.post("/webhooks/sms/\(secret)/status", form: form)
    }

    func smsInbound(secret: String = smsSecret, _ form: [(String, String)]) -> HTTPResponse {
        web.post("/webhooks/sms/\(secret)/inbound", form: form)
    }

    // MARK: Looking at the data

    /// Every row of the tables webhooks write, as text, table by table.
    func snapshot() throws -> [String: [String]] {
        var tables: [String: [String]] = [:]
        for table in ["outbox", "contact_preferences", "inbound_messages", "pending_receipts", "contact_events",
                      "events", "borrowers", "borrower_links", "borrower_holds"] {
            var rows: [String] = []
            try store.db.prepare("SELECT * FROM \(table) ORDER BY 1, 2").forEachRow { row in
                rows.append((0..<row.columnCount).map { "\(row.value($0))" }.joined(separator: "|"))
            }
            tables[table] = rows
        }
        return tables
    }

    func outbox() throws -> [OutboxMessage] {
        try store.outbox(lenderID: nil, loanID: nil, limit: 10_000).map(\.message)
    }

    func messages(template: String) throws -> [OutboxMessage] {
        try outbox().filter { $0.template == template }
    }

    func borrower(_ id: String, lender: String = "default") throws -> StoredBorrower {
        try #require(try store.borrower(lenderID: lender, borrowerID: id))
    }

    /// The inbound rows: (channel, provider id, sender, borrower key, text, action).
    func inbound() throws -> [[String]] {
        var rows: [[String]] = []
        try store.db.prepare("SELECT channel, provider_message_id, sender, coalesce(borrower_key, 0), text, action FROM inbound_messages ORDER BY id")
            .forEachRow { row in rows.append((0..<row.columnCount).map { row.string($0) }) }
        return rows
    }

    /// The events of a case recorded by a rule, in order.
    func events(_ loanID: String, rule: String) throws -> [CaseEvent] {
        try web.events(loanID).filter { $0.event.rule == rule }
    }

    // MARK: Acting

    /// Enqueues a message as if it had been planned, due now.
    @discardableResult
    func enqueue(borrower id: String, loanID: String? = "L1", channel: Channel, purpose: MessagePurpose = .collection,
                 key: String, template: String = "test_notice", body: String = "Hello") throws -> OutboxMessage {
        let borrower = try self.borrower(id)
        let loan = try loanID.map { try #require(try store.loan(lenderID: "default", loanID: $0)) }
        var message = OutboxMessage(lenderID: "default", borrowerKey: borrower.key, loanKey: loan?.key,
                                    caseKey: try loanID.map { try web.caseKey($0) }, channel: channel.rawValue, template: template,
                                    language: "en", destination: channel == .email ? "asha@example.in" : borrower.phone,
                                    body: body, status: .planned, plannedAt: now, idempotencyKey: key)
        message.purpose = purpose
        return try store.enqueue(message)
    }

    /// Runs the real dispatcher at the world's clock with the `log` provider on every channel.
    @discardableResult
    func dispatch() throws -> DispatchSummary {
        var options = Dispatcher.Options()
        options.maxWaitSeconds = 0
        return try Dispatcher(store: store, providers: .logging(), baseURL: web.configuration.baseURL, now: now,
                              options: options).run()
    }

    func consentToWhatsApp(_ id: String) throws {
        #expect(try store.consent(borrowerKey: try borrower(id).key, channel: Channel.whatsapp.rawValue, at: now, source: "test"))
    }
}

/// Notification bodies shaped like Meta's webhook reference.
enum WhatsAppBody {
    static func notification(messages: [String] = [], statuses: [String] = [], contacts: String = "") -> [UInt8] {
        var value = #""messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"123"}"#
        if !contacts.isEmpty { value += #","contacts":["# + contacts + "]" }
        if !messages.isEmpty { value += #","messages":["# + messages.joined(separator: ",") + "]" }
        if !statuses.isEmpty { value += #","statuses":["# + statuses.joined(separator: ",") + "]" }
        return Array(#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"#.utf8)
            + Array(value.utf8) + Array(#"},"field":"messages"}]}]}"#.utf8)
    }

    static func text(id: String, from: String = WebhookWorld.b1WhatsApp, body: String, at: Int64 = 1_776_247_200) -> String {
        #"{"from":"\#(from)","id":"\#(id)","timestamp":"\#(at)","type":"text","text":{"body":"\#(body)"}}"#
    }

    static func button(id: String, from: String = WebhookWorld.b1WhatsApp, text: String, payload: String,
                       at: Int64 = 1_776_247_200) -> String {
        #"{"from":"\#(from)","id":"\#(id)","timestamp":"\#(at)","type":"button","button":{"payload":"\#(payload)","text":"\#(text)"}}"#
    }

    static func status(id: String, _ status: String, at: Int64, recipient: String = WebhookWorld.b1WhatsApp,
                       errorCode: Int? = nil) -> String {
        let errors = errorCode.map { #","errors":[{"code":\#($0),"title":"Message undeliverable"}]"# } ?? ""
        return #"{"id":"\#(id)","status":"\#(status)","timestamp":"\#(at)","recipient_id":"\#(recipient)"\#(errors)}"#
    }

    /// One inbound text message in a signed-ready body.
    static func inbound(id: String, from: String = WebhookWorld.b1WhatsApp, _ body: String, at: Int64 = 1_776_247_200) -> [UInt8] {
        notification(messages: [text(id: id, from: from, body: body, at: at)])
    }
}

extension JSONValue {
    /// `{"inbound": [...], "receipts": [...]}` as the webhook routes answer.
    static func webhook(receipts: [String] = [], inbound: [String] = []) -> JSONValue {
        ["receipts": .array(receipts.map { .string($0) }), "inbound": .array(inbound.map { .string($0) })]
    }
}
