#if canImport(Glibc)
import Glibc
#endif

/// One line of the structured access log.
public struct AccessLogEntry: Sendable, Equatable {
    /// UTC, ISO 8601 with milliseconds.
    public let time: String
    public let requestID: String
    public let method: String
    /// The decoded path, without the query (queries may carry tokens).
    public let path: String
    public let route: String
    public let status: Int
    /// Response body bytes sent.
    public let bytes: Int
    public let durationMilliseconds: Double
    public let remoteAddress: String

    public init(time: String, requestID: String, method: String, path: String, route: String,
                status: Int, bytes: Int, durationMilliseconds: Double, remoteAddress: String) {
        self.time = time
        self.requestID = requestID
        self.method = method
        self.path = path
        self.route = route
        self.status = status
        self.bytes = bytes
        self.durationMilliseconds = durationMilliseconds
        self.remoteAddress = remoteAddress
    }

    /// Path parameters that are credentials themselves: a webhook's secret path segment, a personal link's token.
    public static let credentialParameters: Set<Substring> = [":secret", ":token"]

    /// The path with every segment the route names `:secret` or `:token` replaced, so logs never hold a credential.
    public static func redacting(_ path: String, route: String) -> String {
        let pattern = route.split(separator: "/", omittingEmptySubsequences: false)
        guard pattern.contains(where: credentialParameters.contains) else { return path }
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == pattern.count else { return route }
        for index in segments.indices where credentialParameters.contains(pattern[index]) { segments[index] = "[redacted]" }
        return segments.joined(separator: "/")
    }

    /// The entry as one JSON object on one line.
    public var jsonLine: String {
        let milliseconds = (durationMilliseconds * 1000).rounded() / 1000
        return "{\"time\":\(JSONText.quote(time)),\"request_id\":\(JSONText.quote(requestID)),"
            + "\"method\":\(JSONText.quote(method)),\"path\":\(JSONText.quote(path)),"
            + "\"route\":\(JSONText.quote(route)),\"status\":\(status),\"bytes\":\(bytes),"
            + "\"duration_ms\":\(milliseconds),\"remote\":\(JSONText.quote(remoteAddress))}"
    }

    /// The current wall-clock time in the log's format.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
            + "T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))"
            + ".\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }
}

/// Monotonic time for durations.
enum MonotonicClock {
    static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
