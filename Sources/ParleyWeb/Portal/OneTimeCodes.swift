import ParleyChannels
import ParleyCore
import ParleyCrypto
import ParleyStore

/// The six-digit code that confirms a personal link, sent on the borrower's channel through the outbox.
enum OneTimeCodes {
    static func generate() -> String {
        let value = Sodium.randomUniform(1_000_000)
        let digits = String(value)
        return String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Codes are hashed with the link's own token hash, so a code is only good for its link.
    static func hash(_ code: String, link: BorrowerLink) -> String {
        Sodium.sha256Hex(link.tokenHash + ":" + code)
    }

    /// Where the code goes: SMS to the registered phone, unless the borrower opted out of SMS; then WhatsApp (with
    /// an opt-in), then email. With every channel closed it stays SMS, and the gate records why it was not sent.
    static func route(_ borrower: StoredBorrower, store: SQLiteStore) throws -> (channel: CodeChannel, destination: String) {
        let optedOut = try store.optedOutChannels(borrowerKey: borrower.key)
        if !optedOut.contains("sms") { return (.sms, borrower.phone) }
        if !optedOut.contains("whatsapp"), try store.consentedChannels(borrowerKey: borrower.key).contains("whatsapp") {
            return (.whatsapp, borrower.phone)
        }
        if !optedOut.contains("email"), let email = borrower.email, !email.isEmpty { return (.email, email) }
        return (.sms, borrower.phone)
    }

    /// Enqueues the code message on the borrower's route, in their language, from its registered template.
    static func send(_ code: String, link: BorrowerLink, borrower: StoredBorrower, store: SQLiteStore, now: Instant) throws {
        let route = try route(borrower, store: store)
        let channel = Channel(rawValue: route.channel.rawValue) ?? .sms
        guard let template = DefaultTemplates.template("one_time_code", channel: channel, language: borrower.language) else {
            throw TemplateError.unknownTemplate(key: "one_time_code", channel: channel, language: borrower.language)
        }
        let rendered = try TemplateRenderer.render(template, ["code": code])
        var message = OutboxMessage(
            lenderID: link.lenderID, borrowerKey: borrower.key, loanKey: link.loanKey, caseKey: nil, channel: channel.rawValue,
            template: "one_time_code", language: template.language, destination: route.destination, body: rendered.body,
            status: .planned, plannedAt: now,
            idempotencyKey: "otp:\(link.tokenHash):\(now.secondsSinceEpoch):\(Sodium.randomToken(bytes: 6))")
        message.purpose = .transactional
        message.variables = ["code": code]
        message.subject = rendered.subject
        _ = try store.enqueue(message)
    }

    /// "••••••3210" or "a•••@example.in": enough for the borrower to recognise, nothing more.
    static func mask(_ destination: String) -> String {
        if let at = destination.firstIndex(of: "@") {
            return String(destination.prefix(1)) + "•••" + destination[at...]
        }
        return String(repeating: "•", count: max(0, destination.count - 4)) + destination.suffix(4)
    }
}
