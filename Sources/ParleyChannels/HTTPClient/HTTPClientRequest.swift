/// One outbound HTTP request: method, absolute URL, header fields and body bytes.
public struct HTTPClientRequest: Sendable, Equatable {
    public enum Method: String, Sendable, Equatable {
        case GET, HEAD, POST, PUT, PATCH, DELETE
    }

    public var method: Method
    /// An absolute `http://` or `https://` URL.
    public var url: String
    public var headers: HTTPClientHeaders
    public var body: [UInt8]

    public init(method: Method, url: String, headers: HTTPClientHeaders = HTTPClientHeaders(), body: [UInt8] = []) {
        self.method = method; self.url = url; self.headers = headers; self.body = body
    }

    /// Refuses what would let a value smuggle in a header or a request line: CR, LF or NUL in the URL or a field,
    /// a field name that is not a token, and any scheme but HTTP(S).
    func validate() throws(HTTPClientError) {
        let target = HTTPClientError.safeTarget(method: method.rawValue, url: url)
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw HTTPClientError(kind: .invalidRequest, target: target, curlCode: 0, detail: "only http and https URLs are allowed")
        }
        let forbidden: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
        guard !url.utf8.contains(where: { forbidden($0) || $0 == 0x20 }) else {
            throw HTTPClientError(kind: .invalidRequest, target: target, curlCode: 0, detail: "the URL contains a space or a control character")
        }
        for (name, value) in headers {
            guard !name.isEmpty, name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
                throw HTTPClientError(kind: .invalidRequest, target: target, curlCode: 0, detail: "invalid header name \"\(name)\"")
            }
            guard !value.utf8.contains(where: forbidden) else {
                throw HTTPClientError(kind: .invalidRequest, target: target, curlCode: 0, detail: "the value of header \(name) contains CR, LF or NUL")
            }
        }
    }
}
