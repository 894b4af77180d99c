import ParleyCore

/// One message ready for a provider: rendered, addressed, with the provider-specific registration it needs.
public struct OutboundMessage: Sendable, Hashable {
    public var channel: Channel
    /// E.164 phone for WhatsApp and SMS, an email address, or an FCM registration token.
    public var destination: String
    /// Parley's template key, e.g. `missed_emi`.
    public var template: String
    /// BCP 47, e.g. `en`, `hi`.
    public var language: String
    /// The rendered plain text (the SMS text, the email's text part, the push body).
    public var body: String
    /// Email subject or push title.
    public var subject: String?
    /// Email HTML part.
    public var html: String?
    /// Named variables, in the order the registered template expects them.
    public var variables: [(name: String, value: String)]
    /// WhatsApp: the pre-registered template name and language code; nil sends a session (free-text) message.
    public var whatsAppTemplate: String?
    /// India DLT registration for SMS: principal entity id, content template id, sender header, and the registered
    /// text with `{#var#}` placeholders that the rendered body must match exactly.
    public var dlt: DLTRegistration?
    /// RFC 8058 one-click unsubscribe URL for email (`List-Unsubscribe` + `List-Unsubscribe-Post`).
    public var unsubscribeURL: String?
    /// One logical message; providers that support it get it as their idempotency key.
    public var idempotencyKey: String

    public init(channel: Channel, destination: String, template: String, language: String, body: String,
                subject: String? = nil, html: String? = nil, variables: [(name: String, value: String)] = [],
                whatsAppTemplate: String? = nil, dlt: DLTRegistration? = nil, unsubscribeURL: String? = nil,
                idempotencyKey: String) {
        self.channel = channel; self.destination = destination; self.template = template; self.language = language
        self.body = body; self.subject = subject; self.html = html; self.variables = variables
        self.whatsAppTemplate = whatsAppTemplate; self.dlt = dlt; self.unsubscribeURL = unsubscribeURL
        self.idempotencyKey = idempotencyKey
    }

    public static func == (lhs: OutboundMessage, rhs: OutboundMessage) -> Bool { lhs.idempotencyKey == rhs.idempotencyKey && lhs.channel == rhs.channel }
    public func hash(into hasher: inout Hasher) { hasher.combine(idempotencyKey); hasher.combine(channel) }
}

public struct DLTRegistration: Sendable, Hashable {
    public var principalEntityID: String
    public var contentTemplateID: String
    public var senderHeader: String
    /// The registered text, e.g. `Dear {#var#}, your EMI of Rs {#var#} is overdue. Pay: {#var#} -Parley`.
    public var registeredText: String
    public init(principalEntityID: String, contentTemplateID: String, senderHeader: String, registeredText: String) {
        self.principalEntityID = principalEntityID; self.contentTemplateID = contentTemplateID
        self.senderHeader = senderHeader; self.registeredText = registeredText
    }
}

/// What a provider did with a message.
public enum SendOutcome: Sendable, Hashable {
    /// Accepted; the provider's id for delivery receipts.
    case sent(providerMessageID: String)
    /// Will never succeed as sent (4xx other than 429, invalid number, template rejected): no retry.
    case permanentFailure(reason: String)
    /// Worth retrying (429, 5xx, network): after `retryAfterSeconds` when the provider said so.
    case retryable(reason: String, retryAfterSeconds: Int?)
    /// The destination itself is dead (FCM `UNREGISTERED`, a WhatsApp number that cannot receive): no retry, and
    /// the dispatcher retires the destination for this channel.
    case invalidDestination(reason: String)
}

/// A channel adapter. `send` blocks (dispatch workers run it on their own threads) and never throws:
/// every failure is an outcome. Secrets never appear in reasons or logs.
public protocol ChannelProvider: Sendable {
    var channel: Channel { get }
    /// The provider kind for the record, e.g. `whatsapp_cloud`, `sms_exotel`, `smtp`, `fcm_v1`, `log`.
    var kind: String { get }
    func send(_ message: OutboundMessage) -> SendOutcome
}
