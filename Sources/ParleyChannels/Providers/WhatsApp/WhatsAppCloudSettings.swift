/// The `whatsapp_cloud` provider: Meta's WhatsApp Business Cloud API (Graph API).
public struct WhatsAppCloudSettings: Sendable, Equatable, CustomStringConvertible {
    /// e.g. `https://graph.facebook.com`.
    public var baseURL: String
    /// The Graph API version, e.g. `v21.0`.
    public var version: String
    public var phoneNumberID: String
    public var accessToken: Secret
    /// Verifies `X-Hub-Signature-256` on webhooks.
    public var appSecret: Secret
    /// Answers the webhook subscription challenge.
    public var verifyToken: Secret
    public var ratePerSecond: Int
    public var timeoutSeconds: Int

    public init(baseURL: String, version: String, phoneNumberID: String, accessToken: Secret, appSecret: Secret,
                verifyToken: Secret, ratePerSecond: Int = 80, timeoutSeconds: Int = 10) {
        self.baseURL = baseURL; self.version = version; self.phoneNumberID = phoneNumberID; self.accessToken = accessToken
        self.appSecret = appSecret; self.verifyToken = verifyToken; self.ratePerSecond = ratePerSecond
        self.timeoutSeconds = timeoutSeconds
    }

    init(reading reader: inout SettingsReader) throws(ProviderConfigurationError) {
        self.init(baseURL: try reader.baseURL("base_url"), version: try reader.pathSegment("version"),
                  phoneNumberID: try reader.pathSegment("phone_number_id"), accessToken: try reader.secret("access_token"),
                  appSecret: try reader.secret("app_secret"), verifyToken: try reader.secret("verify_token"),
                  ratePerSecond: try reader.int("rate_per_second", default: 80, in: 1...100_000),
                  timeoutSeconds: try reader.int("timeout_seconds", default: 10, in: 1...300))
    }

    /// `{base_url}/{version}/{phone_number_id}/messages`.
    public var messagesURL: String { "\(baseURL)/\(version)/\(phoneNumberID)/messages" }

    public var description: String {
        "whatsapp_cloud \(messagesURL) access_token=\(accessToken) app_secret=\(appSecret) verify_token=\(verifyToken) "
            + "rate_per_second=\(ratePerSecond) timeout_seconds=\(timeoutSeconds)"
    }
}
