import ParleyCrypto

/// Checks a secret a provider presents (a verify token, a secret path segment) against configuration.
enum WebhookSecret {
    /// Whether `presented` equals `configured`, in time independent of their contents and of where they
    /// differ: both are hashed first, so unequal lengths do not return early either. An empty configured
    /// secret never matches, so a missing configuration cannot open an endpoint.
    static func matches(_ presented: String, configured: String) -> Bool {
        guard !configured.isEmpty else { return false }
        return Sodium.constantTimeEqual(Sodium.sha256(Array(presented.utf8)), Sodium.sha256(Array(configured.utf8)))
    }
}
