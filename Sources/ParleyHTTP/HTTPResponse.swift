/// A complete response: status, header fields and body bytes.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text, or nil when it is not valid UTF-8.
    public var bodyText: String? { String(validating: body, as: UTF8.self) }

    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    public static func html(_ html: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
    }

    public static func json(bytes: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: bytes)
    }

    public static func json(_ string: String, status: Int = 200) -> HTTPResponse {
        json(bytes: Array(string.utf8), status: status)
    }

    /// A redirect; 303 by default so a form POST is followed by a GET.
    public static func redirect(to location: String, status: Int = 303) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Location": location])
    }

    public static func empty(status: Int = 204) -> HTTPResponse {
        HTTPResponse(status: status)
    }
}

/// The `SameSite` attribute of a cookie.
public enum SameSite: String, Sendable {
    case strict = "Strict", lax = "Lax", none = "None"
}

extension HTTPResponse {
    /// Adds a `Set-Cookie` field. `maxAge` 0 deletes the cookie; nil makes a session cookie.
    ///
    /// The name and value must already be cookie-safe (no `;`, `,`, spaces or
    /// controls); encode values such as base64url or hex before setting them.
    public mutating func setCookie(
        name: String, value: String, maxAge: Int? = nil, httpOnly: Bool = true,
        secure: Bool = false, sameSite: SameSite? = .lax, path: String = "/"
    ) {
        precondition(Self.isCookieSafe(name) && !name.isEmpty && Self.isCookieSafe(value),
                     "cookie name or value needs encoding")
        var field = "\(name)=\(value); Path=\(path)"
        if let maxAge { field += "; Max-Age=\(max(0, maxAge))" }
        if httpOnly { field += "; HttpOnly" }
        if secure { field += "; Secure" }
        if let sameSite { field += "; SameSite=\(sameSite.rawValue)" }
        headers.add("Set-Cookie", field)
    }

    private static func isCookieSafe(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: ",")
            && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }
}
