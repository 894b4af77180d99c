/// The `smtp` provider: submission to a relay over SMTP, STARTTLS and AUTH as configured.
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    /// `smtp://host:port` or `smtps://host:port`.
    public var url: String
    public var startTLS: SMTPClient.StartTLS
    public var username: String?
    public var password: Secret?
    public var caFile: String?
    public var from: EmailAddress
    /// Offered as `mailto:` beside the one-click URL in `List-Unsubscribe`.
    public var unsubscribeMailto: String?
    public var ratePerSecond: Int
    public var timeoutSeconds: Int

    public init(url: String, startTLS: SMTPClient.StartTLS = .required, username: String? = nil, password: Secret? = nil,
                caFile: String? = nil, from: EmailAddress, unsubscribeMailto: String? = nil, ratePerSecond: Int = 50,
                timeoutSeconds: Int = 30) {
        self.url = url; self.startTLS = startTLS; self.username = username; self.password = password; self.caFile = caFile
        self.from = from; self.unsubscribeMailto = unsubscribeMailto; self.ratePerSecond = ratePerSecond
        self.timeoutSeconds = timeoutSeconds
    }

    init(reading reader: inout SettingsReader) throws(ProviderConfigurationError) {
        let channel = reader.channel
        let url = try reader.string("url")
        guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://"), !url.contains(" ") else {
            throw .invalidField(channel: channel, field: "url", reason: "must be an smtp:// or smtps:// URL")
        }
        guard !url.contains("@") else {
            throw .invalidField(channel: channel, field: "url", reason: "credentials go in username and password, not the URL")
        }
        let policy = try reader.optionalString("starttls") ?? "required"
        guard let startTLS = SMTPClient.StartTLS(rawValue: policy) else {
            throw .invalidField(channel: channel, field: "starttls", reason: "must be required, optional or off")
        }
        let username = try reader.optionalString("username"), password = try reader.optionalSecret("password")
        guard (username == nil) == (password == nil) else {
            throw .invalidField(channel: channel, field: username == nil ? "username" : "password",
                                reason: "username and password go together")
        }
        let fromText = try reader.string("from")
        let from: EmailAddress
        do { from = try EmailAddress(parsing: fromText) } catch {
            throw .invalidField(channel: channel, field: "from", reason: "not an email address")
        }
        let mailto = try reader.optionalString("unsubscribe_mailto")
        if let mailto, !EmailAddress.isPlausibleAddress(mailto) {
            throw .invalidField(channel: channel, field: "unsubscribe_mailto", reason: "not an email address")
        }
        self.init(url: url, startTLS: startTLS, username: username, password: password,
                  caFile: try reader.optionalString("ca_file"), from: from, unsubscribeMailto: mailto,
                  ratePerSecond: try reader.int("rate_per_second", default: 50, in: 1...100_000),
                  timeoutSeconds: try reader.int("timeout_seconds", default: 30, in: 1...300))
    }

    public var description: String {
        "smtp \(url) starttls=\(startTLS.rawValue) auth=\(username == nil ? "none" : "<redacted>") "
            + "ca_file=\(caFile ?? "system") from=\(from) rate_per_second=\(ratePerSecond) timeout_seconds=\(timeoutSeconds)"
    }
}
