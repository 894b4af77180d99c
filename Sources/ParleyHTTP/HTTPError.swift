/// An error a handler throws to answer with a status; it renders itself.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    /// Shown to the client, so it must not carry secrets or internal detail.
    public let message: String
    /// Extra fields for the response, e.g. `Allow` or `WWW-Authenticate`.
    public var headers: HTTPHeaders

    public init(status: Int, message: String, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public var description: String { "HTTP \(status): \(message)" }

    /// The error as a small text/plain response.
    public var response: HTTPResponse { response(json: false) }

    /// The error as JSON `{"error":{"status":…,"message":…}}` when the request
    /// prefers JSON (or targets `/api/`), else as text.
    public func response(for request: HTTPRequest) -> HTTPResponse {
        response(json: request.prefersJSON)
    }

    public func response(json: Bool) -> HTTPResponse {
        var response = json
            ? HTTPResponse.json(#"{"error":{"status":\#(status),"message":\#(JSONText.quote(message))}}"#, status: status)
            : HTTPResponse.text(message + "\n", status: status)
        for field in headers { response.headers.replaceOrAdd(field.name, field.value) }
        return response
    }
}

extension HTTPError {
    public static func badRequest(_ message: String = "bad request") -> HTTPError { .init(status: 400, message: message) }
    public static func unauthorized(_ message: String = "unauthorized") -> HTTPError { .init(status: 401, message: message) }
    public static func forbidden(_ message: String = "forbidden") -> HTTPError { .init(status: 403, message: message) }
    public static func notFound(_ message: String = "not found") -> HTTPError { .init(status: 404, message: message) }
    public static func methodNotAllowed(allow: [HTTPMethod]) -> HTTPError {
        .init(status: 405, message: "method not allowed",
              headers: ["Allow": allow.map(\.rawValue).joined(separator: ", ")])
    }
    public static func conflict(_ message: String = "conflict") -> HTTPError { .init(status: 409, message: message) }
    public static func payloadTooLarge(_ message: String = "request body too large") -> HTTPError {
        .init(status: 413, message: message)
    }
    public static func unsupportedMediaType(_ message: String = "unsupported media type") -> HTTPError {
        .init(status: 415, message: message)
    }
    public static func unprocessable(_ message: String) -> HTTPError { .init(status: 422, message: message) }
    public static func tooManyRequests(_ message: String = "too many requests", retryAfterSeconds: Int? = nil) -> HTTPError {
        .init(status: 429, message: message, headers: retryAfterSeconds.map { ["Retry-After": String($0)] } ?? [:])
    }
    public static func internalError(_ message: String = "internal error") -> HTTPError { .init(status: 500, message: message) }
    public static func notImplemented(_ message: String = "not implemented") -> HTTPError { .init(status: 501, message: message) }
    public static func serviceUnavailable(_ message: String = "service unavailable") -> HTTPError {
        .init(status: 503, message: message)
    }
}

/// Minimal JSON string quoting for the few documents this module writes itself.
enum JSONText {
    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
