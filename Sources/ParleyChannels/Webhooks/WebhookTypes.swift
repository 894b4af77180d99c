import ParleyCore

/// What a provider reports about a message Parley sent, normalised across providers.
public enum DeliveryStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Accepted by the provider or the carrier, not yet on the handset.
    case sent
    /// On the borrower's device.
    case delivered
    /// Opened (WhatsApp read receipts; only when the borrower has them on).
    case read
    /// Will not arrive; `errorCode` and `errorReason` say why when the provider told.
    case failed
}

/// One delivery receipt from a provider callback, ready for the server to apply to the outbox.
public struct DeliveryReceipt: Sendable, Hashable {
    public var channel: Channel
    /// The provider's id returned by the send (WhatsApp `wamid…`, Exotel `SmsSid`).
    public var providerMessageID: String
    public var status: DeliveryStatus
    /// When the provider says the status was reached.
    public var at: Instant
    /// The provider's error code (WhatsApp `131047`, Exotel `DetailedStatusCode`), when it gave one.
    public var errorCode: String?
    /// The provider's explanation of the error, when it gave one.
    public var errorReason: String?
    /// The recipient in E.164 (with `+`), when the callback names one.
    public var recipient: String?

    public init(channel: Channel, providerMessageID: String, status: DeliveryStatus, at: Instant,
                errorCode: String? = nil, errorReason: String? = nil, recipient: String? = nil) {
        self.channel = channel; self.providerMessageID = providerMessageID; self.status = status; self.at = at
        self.errorCode = errorCode; self.errorReason = errorReason; self.recipient = recipient
    }
}

/// One message a borrower sent to Parley, ready for keyword handling (STOP, PAY, HELP, a language).
public struct InboundMessage: Sendable, Hashable {
    public var channel: Channel
    /// The provider's id of the inbound message (deduplicates provider retries).
    public var providerMessageID: String
    /// The sender in E.164, with `+`.
    public var from: String
    /// What the borrower wrote or the label of the button they tapped; empty for media and other types.
    public var text: String
    public var at: Instant
    /// `text`, `button`, `interactive`, `sms`, or the provider's own type for anything else (`image`, `location`, …).
    public var kind: String
    /// The id Parley attached to the tapped button (WhatsApp button `payload`, interactive reply `id`):
    /// steadier than the visible label for deciding what the borrower chose.
    public var payload: String?
    /// The sender's profile name as the provider reports it (WhatsApp only).
    public var profileName: String?

    public init(channel: Channel, providerMessageID: String, from: String, text: String, at: Instant,
                kind: String, payload: String? = nil, profileName: String? = nil) {
        self.channel = channel; self.providerMessageID = providerMessageID; self.from = from; self.text = text
        self.at = at; self.kind = kind; self.payload = payload; self.profileName = profileName
    }
}

/// Everything one webhook request carried, in payload order.
public struct WebhookBatch: Sendable, Hashable {
    public var receipts: [DeliveryReceipt]
    public var inbound: [InboundMessage]
    /// Changes for webhook fields Parley does not handle (`account_update`, `message_template_status_update`, …).
    public var ignoredChanges: Int

    public init(receipts: [DeliveryReceipt] = [], inbound: [InboundMessage] = [], ignoredChanges: Int = 0) {
        self.receipts = receipts; self.inbound = inbound; self.ignoredChanges = ignoredChanges
    }
}

/// Why a webhook request was refused. Messages name the field and never carry secrets, phone numbers or text.
public enum WebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is not JSON; position and reason from the parser.
    case malformedJSON(line: Int, column: Int, reason: String)
    /// The form body is not valid `application/x-www-form-urlencoded` UTF-8.
    case malformedForm(reason: String)
    /// A required field is absent (or `null`). `path` is e.g. `entry[0].changes[0].value.statuses[1].status`.
    case missing(path: String)
    /// A field has the wrong JSON type; `expected` is e.g. `a string`.
    case wrongType(path: String, expected: String)
    /// A field is present but its value is not acceptable.
    case invalidValue(path: String, reason: String)
    /// The GET verification handshake failed (the server answers 403).
    case verificationFailed(reason: String)

    public var description: String {
        switch self {
        case .malformedJSON(let line, let column, let reason): "body is not valid JSON: line \(line), column \(column): \(reason)"
        case .malformedForm(let reason): "form body: \(reason)"
        case .missing(let path): "\(path): missing"
        case .wrongType(let path, let expected): "\(path): expected \(expected)"
        case .invalidValue(let path, let reason): "\(path): \(reason)"
        case .verificationFailed(let reason): "webhook verification failed: \(reason)"
        }
    }
}
