import ParleyCore

/// The secrets Parley's webhook endpoints need to authenticate provider callbacks; nil where the channel's
/// provider has none configured.
public struct WebhookSecrets: Sendable, Equatable {
    /// Verifies WhatsApp's `X-Hub-Signature-256`.
    public var whatsAppAppSecret: Secret?
    /// Answers WhatsApp's `hub.verify_token` subscription challenge.
    public var whatsAppVerifyToken: Secret?
    /// Authenticates SMS delivery reports.
    public var smsWebhookSecret: Secret?

    public init(whatsAppAppSecret: Secret? = nil, whatsAppVerifyToken: Secret? = nil, smsWebhookSecret: Secret? = nil) {
        self.whatsAppAppSecret = whatsAppAppSecret
        self.whatsAppVerifyToken = whatsAppVerifyToken
        self.smsWebhookSecret = smsWebhookSecret
    }
}

/// One live `ChannelProvider` per channel, built from a `ProviderConfiguration`, with each channel's send rate.
public struct ProviderSet: Sendable {
    public let configuration: ProviderConfiguration
    private let providers: [Channel: any ChannelProvider]

    /// Builds the adapters; each HTTP adapter gets a client with its channel's timeout.
    public init(configuration: ProviderConfiguration, now: @escaping @Sendable () -> Instant = SystemClock.now) {
        self.configuration = configuration
        var providers: [Channel: any ChannelProvider] = [:]
        for channel in Channel.allCases {
            providers[channel] = Self.provider(channel, configuration[channel], now: now)
        }
        self.providers = providers
    }

    /// Parses the JSON document and builds the adapters.
    public init(json: String, environment: [String: String],
                now: @escaping @Sendable () -> Instant = SystemClock.now) throws(ProviderConfigurationError) {
        self.init(configuration: try ProviderConfiguration.parse(json, environment: environment), now: now)
    }

    public func provider(for channel: Channel) -> any ChannelProvider {
        providers[channel] ?? LogProvider(channel: channel)
    }

    /// The provider's limit for `channel`, messages per second; nil when unlimited (`log`).
    public func ratePerSecond(for channel: Channel) -> Int? { configuration[channel].ratePerSecond }

    public var webhookSecrets: WebhookSecrets {
        var secrets = WebhookSecrets()
        if case .whatsAppCloud(let settings) = configuration[.whatsapp] {
            secrets.whatsAppAppSecret = settings.appSecret
            secrets.whatsAppVerifyToken = settings.verifyToken
        }
        if case .smsExotel(let settings) = configuration[.sms] { secrets.smsWebhookSecret = settings.webhookSecret }
        return secrets
    }

    private static func provider(_ channel: Channel, _ settings: ProviderSettings,
                                 now: @escaping @Sendable () -> Instant) -> any ChannelProvider {
        switch settings {
        case .log: LogProvider(channel: channel)
        case .whatsAppCloud(let settings): WhatsAppCloudProvider(settings: settings, client: client(timeoutSeconds: settings.timeoutSeconds))
        case .smsExotel(let settings): SMSGatewayProvider(settings: settings, client: client(timeoutSeconds: settings.timeoutSeconds))
        case .smtp(let settings): SMTPProvider(settings: settings, now: now)
        case .fcm(let settings): FCMProvider(settings: settings, client: client(timeoutSeconds: settings.timeoutSeconds))
        }
    }

    static func client(timeoutSeconds: Int) -> HTTPClient {
        let timeout = Duration.seconds(timeoutSeconds)
        return HTTPClient(configuration: HTTPClient.Configuration(connectTimeout: min(.seconds(5), timeout), timeout: timeout, maxIdleHandles: 64))
    }
}
