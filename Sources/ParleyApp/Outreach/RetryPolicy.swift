/// When to try a provider again: exponential back-off with jitter, or the provider's own `Retry-After`.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included; after the last a retryable failure fails over.
    public var maxAttempts = 5
    public var baseSeconds = 2.0
    public var capSeconds = 600.0

    public init(maxAttempts: Int = 5, baseSeconds: Double = 2.0, capSeconds: Double = 600.0) {
        self.maxAttempts = maxAttempts; self.baseSeconds = baseSeconds; self.capSeconds = capSeconds
    }

    /// Seconds to wait after failed attempt number `attempt` (1-based): base·2^(attempt−1), capped, scaled by a
    /// jitter factor in [0.5, 1.0) so that many messages failing together do not come back together.
    /// A provider's `Retry-After` wins when it asks for longer.
    public func delay(afterAttempt attempt: Int, retryAfter: Int?, jitter: Double) -> Double {
        let exponential = min(capSeconds, baseSeconds * Double(1 << min(max(attempt - 1, 0), 30)))
        let jittered = exponential * (0.5 + 0.5 * min(max(jitter, 0), 0.999_999))
        guard let retryAfter else { return jittered }
        return max(Double(retryAfter), jittered)
    }
}
