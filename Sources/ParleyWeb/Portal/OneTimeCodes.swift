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

    /// Enqueues the code message (SMS to the registered phone) in the borrower's language, from its registered template.
    static func send(_ code: String, link: BorrowerLink, borrower: StoredBorrower, store: SQLiteStore, now: Instant) throws {
        guard let template = DefaultTemplates.template("one_time_code", channel: .sms, language: borrower.language) else {
            throw TemplateError.unknownTemplate(key: "one_time_code", channel: .sms, language: borrower.language)
        }
        let rendered = try TemplateRenderer.render(template, ["code": code])
        var message = OutboxMessage(
            lenderID: link.lenderID, borrowerKey: borrower.key, loanKey: link.loanKey, caseKey: nil, channel: "sms",
            template: "one_time_code", language: template.language, destination: borrower.phone, body: rendered.body,
            status: .planned, plannedAt: now,
            idempotencyKey: "otp:\(link.tokenHash):\(now.secondsSinceEpoch):\(Sodium.randomToken(bytes: 6))")
        message.purpose = .transactional
        message.variables = ["code": code]
        _ = try store.enqueue(message)
    }

    /// "••••••3210": enough for the borrower to recognise, nothing more.
    static func mask(_ phone: String) -> String {
        String(repeating: "•", count: max(0, phone.count - 4)) + phone.suffix(4)
    }
}
