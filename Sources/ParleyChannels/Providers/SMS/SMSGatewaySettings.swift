/// The `sms_exotel` provider: Exotel's SMS API with India DLT fields.
public struct SMSGatewaySettings: Sendable, Equatable, CustomStringConvertible {
    /// e.g. `https://api.exotel.com` (Singapore) or `https://api.in.exotel.com` (Mumbai).
    public var baseURL: String
    public var accountSID: String
    /// HTTP Basic user and password.
    public var apiKey: Secret
    public var apiToken: Secret
    /// The DLT sender header (`From`) when the message's DLT registration has none.
    public var sender: String
    /// The DLT principal entity id when the message's registration has none.
    public var entityID: String
    /// Where Exotel posts delivery reports.
    public var statusCallback: String?
    /// Authenticates those reports on Parley's webhook.
    public var webhookSecret: Secret
    /// Refuse messages without a DLT registration (true by default: Indian operators drop them).
    public var requireDLT: Bool
    public var ratePerSecond: Int
    public var timeoutSeconds: Int

    public init(baseURL: String, accountSID: String, apiKey: Secret, apiToken: Secret, sender: String, entityID: String,
                statusCallback: String? = nil, webhookSecret: Secret, requireDLT: Bool = true, ratePerSecond: Int = 20,
                timeoutSeconds: Int = 10) {
        self.baseURL = baseURL; self.accountSID = accountSID; self.apiKey = apiKey; self.apiToken = apiToken
        self.sender = sender; self.entityID = entityID; self.statusCallback = statusCallback
        self.webhookSecret = webhookSecret; self.requireDLT = requireDLT; self.ratePerSecond = ratePerSecond
        self.timeoutSeconds = timeoutSeconds
    }

    init(reading reader: inout SettingsReader) throws(ProviderConfigurationError) {
        let callback = try reader.optionalString("status_callback")
        if let callback, !(callback.hasPrefix("https://") || callback.hasPrefix("http://")) {
            throw .invalidField(channel: reader.channel, field: "status_callback", reason: "must be an http:// or https:// URL")
        }
        self.init(baseURL: try reader.baseURL("base_url"), accountSID: try reader.pathSegment("account_sid"),
                  apiKey: try reader.secret("api_key"), apiToken: try reader.secret("api_token"),
                  sender: try reader.string("sender"), entityID: try reader.string("entity_id"), statusCallback: callback,
                  webhookSecret: try reader.secret("webhook_secret"), requireDLT: try reader.bool("require_dlt", default: true),
                  ratePerSecond: try reader.int("rate_per_second", default: 20, in: 1...100_000),
                  timeoutSeconds: try reader.int("timeout_seconds", default: 10, in: 1...300))
    }

    /// `{base_url}/v1/Accounts/{account_sid}/Sms/send.json`.
    public var sendURL: String { "\(baseURL)/v1/Accounts/\(accountSID)/Sms/send.json" }

    public var description: String {
        "sms_exotel \(sendURL) api_key=\(apiKey) api_token=\(apiToken) sender=\(sender) entity_id=\(entityID) "
            + "status_callback=\(statusCallback ?? "none") webhook_secret=\(webhookSecret) require_dlt=\(requireDLT) "
            + "rate_per_second=\(ratePerSecond) timeout_seconds=\(timeoutSeconds)"
    }
}
