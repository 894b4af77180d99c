import Synchronization

/// Request counts, latency histograms and application gauges, rendered for Prometheus.
public final class HTTPMetrics: Sendable {
    /// Upper bounds in seconds, from 1 ms to 10 s.
    public static let defaultBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct RequestKey: Hashable {
        let route: String
        let method: String
        let statusClass: String
    }

    private struct Histogram {
        var bucketCounts: [UInt64]  // not cumulative; summed when rendered
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func observe(bucket: Int, seconds: Double) {
            bucketCounts[bucket] += 1
            sum += seconds
            count += 1
        }
    }

    private struct Gauge {
        let name: String
        let help: String
        let value: @Sendable () -> Double
    }

    private struct State {
        var requests: [RequestKey: UInt64] = [:]
        var latency: [String: Histogram] = [:]
        var gauges: [Gauge] = []
    }

    private let prefix: String
    private let buckets: [Double]
    private let state = Mutex(State())

    /// - Parameter prefix: the metric name prefix, e.g. `parley` → `parley_http_requests_total`.
    public init(prefix: String = "parley", buckets: [Double] = HTTPMetrics.defaultBuckets) {
        precondition(Self.isValidName(prefix) && !buckets.isEmpty)
        self.prefix = prefix
        self.buckets = buckets.sorted()
    }

    /// Counts one answered request and its latency.
    public func record(route: String, method: String, status: Int, durationSeconds: Double) {
        let key = RequestKey(route: route, method: method, statusClass: "\(status / 100)xx")
        let bucket = buckets.firstIndex { durationSeconds <= $0 } ?? buckets.count
        let bucketCount = buckets.count + 1
        state.withLock { state in
            state.requests[key, default: 0] += 1
            // Mutated in place through the defaulted subscript: no copy of the counts per request.
            state.latency[route, default: Histogram(bucketCounts: Array(repeating: 0, count: bucketCount))]
                .observe(bucket: bucket, seconds: durationSeconds)
        }
    }

    /// Registers an application gauge (queue depth, last cycle duration, …),
    /// read on every render; `value` must not call back into these metrics.
    public func register(gauge name: String, help: String, value: @escaping @Sendable () -> Double) {
        precondition(Self.isValidName(name), "invalid metric name \(name)")
        state.withLock { $0.gauges.append(Gauge(name: name, help: help, value: value)) }
    }

    /// Everything in the Prometheus text exposition format 0.0.4.
    public func render() -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        let requests = "\(prefix)_http_requests_total"
        out += "# HELP \(requests) HTTP requests answered, by route, method and status class.\n"
        out += "# TYPE \(requests) counter\n"
        for (key, count) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.statusClass) < ($1.key.route, $1.key.method, $1.key.statusClass) }) {
            out += "\(requests){route=\(Self.label(key.route)),method=\(Self.label(key.method)),status=\(Self.label(key.statusClass))} \(count)\n"
        }
        let duration = "\(prefix)_http_request_duration_seconds"
        out += "# HELP \(duration) Time from request head to queued response, by route.\n"
        out += "# TYPE \(duration) histogram\n"
        for (route, histogram) in snapshot.latency.sorted(by: { $0.key < $1.key }) {
            let route = Self.label(route)
            var cumulative: UInt64 = 0
            for (index, bound) in buckets.enumerated() {
                cumulative += histogram.bucketCounts[index]
                out += "\(duration)_bucket{route=\(route),le=\"\(Self.number(bound))\"} \(cumulative)\n"
            }
            out += "\(duration)_bucket{route=\(route),le=\"+Inf\"} \(histogram.count)\n"
            out += "\(duration)_sum{route=\(route)} \(Self.number(histogram.sum))\n"
            out += "\(duration)_count{route=\(route)} \(histogram.count)\n"
        }
        // Gauges are read outside the lock: their closures may take other locks.
        for gauge in snapshot.gauges {
            out += "# HELP \(gauge.name) \(Self.help(gauge.help))\n# TYPE \(gauge.name) gauge\n"
            out += "\(gauge.name) \(Self.number(gauge.value()))\n"
        }
        return out
    }

    /// `render()` as a response with the exposition format's content type.
    public func response() -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                     body: Array(render().utf8))
    }

    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private static func label(_ value: String) -> String {
        var escaped = "\""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped + "\""
    }

    private static func help(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
        }
    }
}
