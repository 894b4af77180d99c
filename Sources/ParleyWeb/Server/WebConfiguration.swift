import ParleyChannels
import ParleyCore

/// How the web side behaves; everything an operator may set.
public struct WebConfiguration: Sendable {
    /// The public base URL used in links sent to borrowers, e.g. `https://parley.example.in`.
    public var baseURL: String = "http://127.0.0.1:8080"
    /// Mark cookies Secure (set when TLS is terminated in front of Parley).
    public var secureCookies = false
    /// How long a personal link stays valid.
    public var linkLifetimeSeconds: Int64 = 7 * 24 * 3600
    /// How long a one-time code stays valid.
    public var codeLifetimeSeconds: Int64 = 10 * 60
    /// Wrong codes allowed before the link locks.
    public var maxCodeAttempts = 5
    public var borrowerSessionSeconds: Int64 = 30 * 60
    public var staffSessionSeconds: Int64 = 8 * 3600
    /// Requests per minute allowed per client address on the sign-in and code endpoints.
    public var authAttemptsPerMinutePerAddress = 30
    /// The day dues are computed for (nil: today in UTC). Set in demos and tests.
    public var fixedToday: CivilDate?
    /// Secrets the provider webhooks are checked against; a webhook whose secret is empty refuses everything.
    public var webhooks = WebhookSecrets()

    public init() {}
}
