/// The `fcm_v1` provider: Firebase Cloud Messaging HTTP v1.
///
/// The OAuth access token comes from configuration (minted outside Parley: libsodium has no RSA for the
/// service-account JWT).
public struct FCMSettings: Sendable, Equatable, CustomStringConvertible {
    /// e.g. `https://fcm.googleapis.com`.
    public var baseURL: String
    public var projectID: String
    public var accessToken: Secret
    public var ratePerSecond: Int
    public var timeoutSeconds: Int

    public init(baseURL: String, projectID: String, accessToken: Secret, ratePerSecond: Int = 500, timeoutSeconds: Int = 10) {
        self.baseURL = baseURL; self.projectID = projectID; self.accessToken = accessToken
        self.ratePerSecond = ratePerSecond; self.timeoutSeconds = timeoutSeconds
    }

    init(reading reader: inout SettingsReader) throws(ProviderConfigurationError) {
        self.init(baseURL: try reader.baseURL("base_url"), projectID: try reader.pathSegment("project_id"),
                  accessToken: try reader.secret("access_token"),
                  ratePerSecond: try reader.int("rate_per_second", default: 500, in: 1...100_000),
                  timeoutSeconds: try reader.int("timeout_seconds", default: 10, in: 1...300))
    }

    /// `{base_url}/v1/projects/{project_id}/messages:send`.
    public var sendURL: String { "\(baseURL)/v1/projects/\(projectID)/messages:send" }

    public var description: String {
        "fcm_v1 \(sendURL) access_token=\(accessToken) rate_per_second=\(ratePerSecond) timeout_seconds=\(timeoutSeconds)"
    }
}
