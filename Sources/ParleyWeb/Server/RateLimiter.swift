import Synchronization

/// A fixed-window counter per key (client address, borrower): small, in memory, per process.
public final class RateLimiter: Sendable {
    private struct Window { var start: Int64; var count: Int }
    private let windows = Mutex<[String: Window]>([:])
    private let limit: Int
    private let windowSeconds: Int64

    public init(limit: Int, windowSeconds: Int64) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Counts one attempt for `key` at `now`; false when the key is over its limit.
    public func allow(_ key: String, now: Int64) -> Bool {
        windows.withLock { windows in
            if windows.count > 100_000 { windows = windows.filter { now - $0.value.start < windowSeconds } }
            var window = windows[key] ?? Window(start: now, count: 0)
            if now - window.start >= windowSeconds { window = Window(start: now, count: 0) }
            window.count += 1
            windows[key] = window
            return window.count <= limit
        }
    }
}
