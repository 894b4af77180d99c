import ParleyCore

/// Sends email by SMTP submission: builds the MIME message (RFC 8058 one-click unsubscribe included) and hands
/// it to the relay. The result's provider id is the `Message-ID`, stable across retries of one logical message.
public final class SMTPProvider: ChannelProvider {
    public let channel = Channel.email
    public let kind = "smtp"
    public let settings: SMTPSettings
    private let client: SMTPClient
    private let now: @Sendable () -> Instant

    public init(settings: SMTPSettings, client: SMTPClient, now: @escaping @Sendable () -> Instant = SystemClock.now) {
        self.settings = settings
        self.client = client
        self.now = now
    }

    /// A client for `settings`: its URL, STARTTLS policy, credentials, CA file and timeout.
    public convenience init(settings: SMTPSettings, now: @escaping @Sendable () -> Instant = SystemClock.now) {
        let timeout = Duration.seconds(settings.timeoutSeconds)
        let configuration = SMTPClient.Configuration(url: settings.url, startTLS: settings.startTLS, username: settings.username,
                                                     password: settings.password, caFile: settings.caFile,
                                                     connectTimeout: min(.seconds(5), timeout), timeout: timeout)
        self.init(settings: settings, client: SMTPClient(configuration: configuration), now: now)
    }

    public func send(_ message: OutboundMessage) -> SendOutcome {
        if let refused = ProviderAnswer.wrongChannel(message, provider: self) { return refused }
        let recipient: EmailAddress
        do { recipient = try EmailAddress(parsing: message.destination) } catch {
            return .invalidDestination(reason: "smtp: the destination is not an email address")
        }
        let mime: MIMEMessage
        do {
            mime = try MIMEMessage(from: settings.from, to: recipient, subject: message.subject ?? "", text: message.body,
                                   html: message.html, date: now(), idempotencyKey: message.idempotencyKey,
                                   unsubscribeURL: message.unsubscribeURL, unsubscribeMailto: settings.unsubscribeMailto)
        } catch {
            return .permanentFailure(reason: "smtp: \(error)")
        }
        switch client.submit(from: settings.from.address, recipients: [recipient.address], data: mime.rendered()) {
        case .success: return .sent(providerMessageID: mime.messageID)
        case .failure(let error): return Self.outcome(error)
        }
    }

    /// 4xx replies and connection trouble retry; 5xx replies, refused credentials and a missing STARTTLS
    /// (configuration that a retry cannot fix) fail for good.
    static func outcome(_ error: SMTPClientError) -> SendOutcome {
        let reason = "smtp: \(error)"
        if (500...599).contains(error.replyCode) { return .permanentFailure(reason: reason) }
        if (400...499).contains(error.replyCode) { return .retryable(reason: reason, retryAfterSeconds: nil) }
        switch error.kind {
        case .loginDenied, .tlsUnavailable, .setup: return .permanentFailure(reason: reason)
        default: return .retryable(reason: reason, retryAfterSeconds: nil)
        }
    }
}
