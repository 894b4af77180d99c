import Synchronization

/// One request as handlers see it: parsed head, complete body, routing results.
public struct HTTPRequest: Sendable {
    public let method: HTTPMethod
    /// The percent-decoded path, without the query string.
    public let path: String
    /// The query string as sent, without the `?`.
    public let rawQuery: String
    /// The first value of each query parameter.
    public let query: [String: String]
    /// Every query parameter in order, repeated names included.
    public let queryItems: [(name: String, value: String)]
    public let headers: HTTPHeaders
    /// Every cookie, the first occurrence of a name winning; `cookie(_:)` finds one without building this.
    public var cookies: [String: String] { Cookies.parse(headers) }
    public let body: [UInt8]
    public let remoteAddress: String
    /// The client's `X-Request-Id` when it is sane, else 16 random hex digits.
    public let requestID: String
    /// Values captured by `:name` and `*name` segments of the matched route.
    public internal(set) var pathParameters: [String: String] = [:]
    /// The matched route's name (its pattern unless named), for logs and metrics.
    public internal(set) var routeName: String = ""

    /// The path as sent, still percent-encoded; routing splits it before decoding.
    let rawPath: String

    /// Builds a request from a request target such as `/cases/7?page=2`.
    public init(
        method: HTTPMethod,
        target: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        remoteAddress: String = "127.0.0.1"
    ) {
        self.method = method
        let questionMark = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = questionMark.map { String(target[..<$0]) } ?? target
        self.rawPath = rawPath.isEmpty ? "/" : rawPath
        self.path = PercentDecoding.decodeLeniently(self.rawPath, plusAsSpace: false)
        self.rawQuery = questionMark.map { String(target[target.utf8.index(after: $0)...]) } ?? ""
        let items = rawQuery.isEmpty ? [] : PercentDecoding.pairs(rawQuery, lenient: true) ?? []
        self.queryItems = items
        var query: [String: String] = [:]
        for item in items where query[item.name] == nil { query[item.name] = item.value }
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.requestID = RequestID.accept(headers["X-Request-Id"]) ?? RequestID.generate()
    }

    /// The first value of the cookie `name`.
    public func cookie(_ name: String) -> String? { Cookies.values(named: name, name, in: headers).0 }

    /// The first values of two cookies, read in one pass.
    public func cookies(_ first: String, _ second: String) -> (String?, String?) { Cookies.values(named: first, second, in: headers) }

    /// The body as UTF-8 text, or nil when it is not valid UTF-8.
    public var bodyText: String? { String(validating: body, as: UTF8.self) }

    /// The media type of the body, lowercased, without parameters.
    public var mediaType: String? {
        headers["Content-Type"].map { MediaType.essence(of: $0) }
    }

    /// Whether the client asked for JSON or is talking to the JSON API.
    public var prefersJSON: Bool {
        if path.hasPrefix("/api/") { return true }
        guard let accept = headers["Accept"]?.lowercased() else { return false }
        return accept.contains("application/json") || accept.contains("+json")
    }
}

/// Request correlation ids.
enum RequestID {
    /// A process-wide sequence starting at a random point; ids need to be unique and unguessable enough for
    /// correlation, not secret, so one system random draw per process replaces one per request.
    private static let sequence = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    /// 16 lowercase hex digits: the next value of the sequence through a bijective mixer (SplitMix64's
    /// finaliser), so ids are distinct within a process and do not read as a counter.
    static func generate() -> String {
        var value = sequence.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for position in 0..<16 { buffer[position] = digits[Int((value >> UInt64(60 - 4 * position)) & 0xF)] }
            return 16
        }
    }

    /// A client-supplied id is kept only when it is short and harmless in logs.
    static func accept(_ candidate: String?) -> String? {
        guard let candidate, (1...64).contains(candidate.utf8.count) else { return nil }
        let allowed = candidate.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."):
                true
            default:
                false
            }
        }
        return allowed ? candidate : nil
    }
}

/// Content-Type helpers.
enum MediaType {
    static func essence(of value: String) -> String {
        let type = value.split(separator: ";", maxSplits: 1).first ?? ""
        return type.trimmingASCIIWhitespace().lowercased()
    }

    /// The value of parameter `name` (e.g. `boundary`), unquoted.
    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingASCIIWhitespace().lowercased() == name else { continue }
            var result = pair[1].trimmingASCIIWhitespace()
            if result.count >= 2, result.hasPrefix("\""), result.hasSuffix("\"") {
                result = String(result.dropFirst().dropLast())
            }
            return result
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (compared as bytes, so no grapheme breaking).
    func trimmingASCIIWhitespace() -> String {
        let isText: (UInt8) -> Bool = { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        let text = Substring(self)
        guard let start = text.utf8.firstIndex(where: isText), let end = text.utf8.lastIndex(where: isText) else { return "" }
        return String(text[start...end])
    }
}
