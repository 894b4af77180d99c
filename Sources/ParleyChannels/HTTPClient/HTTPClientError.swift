/// Why an exchange produced no HTTP response. Carries the libcurl code and its message, the method and the URL
/// without user info or query, never header values or bodies (which hold credentials and personal data).
public struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The request itself is unusable (bad URL, header injection): retrying cannot help.
        case invalidRequest = "invalid request"
        case hostNotFound = "host not found"
        case connectionFailed = "could not connect"
        case timedOut = "timed out"
        case tls = "TLS failure"
        /// The connection dropped before a complete response.
        case connectionLost = "connection lost"
        case responseTooLarge = "response too large"
        /// libcurl could not be set up (out of memory, missing feature).
        case setup = "client setup failed"
        case transferFailed = "transfer failed"
    }

    public let kind: Kind
    /// `METHOD scheme://host[:port]/path`.
    public let target: String
    /// The `CURLcode`, 0 when the request was refused before libcurl saw it.
    public let curlCode: Int
    public let detail: String

    public init(kind: Kind, target: String, curlCode: Int, detail: String) {
        self.kind = kind; self.target = target; self.curlCode = curlCode; self.detail = detail
    }

    public var description: String {
        curlCode == 0 ? "\(target): \(kind.rawValue): \(detail)" : "\(target): \(kind.rawValue) (curl \(curlCode): \(detail))"
    }

    /// The method and URL with any `user:password@` and query string removed.
    static func safeTarget(method: String, url: String) -> String {
        var rest = Substring(url)
        var scheme = ""
        if let separator = rest.firstRange(of: "://") {
            scheme = String(rest[..<separator.upperBound])
            rest = rest[separator.upperBound...]
        }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        if let at = rest[..<authorityEnd].lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        return "\(method) \(scheme)\(rest)"
    }
}
