import ParleyCore
import ParleyCrypto

/// An email as submitted over SMTP: RFC 5322 headers, a `multipart/alternative` body with a text and an optional
/// HTML part (UTF-8, base64), CRLF line endings, and RFC 8058 one-click unsubscribe headers.
///
/// Pure: the date is given, and the `Message-ID` and boundary derive from the idempotency key, so that a retry of
/// the same logical message produces the same identifiers.
public struct MIMEMessage: Sendable, Equatable {
    public let from: EmailAddress
    public let to: EmailAddress
    public let subject: String
    public let text: String
    public let html: String?
    public let date: Instant
    public let idempotencyKey: String
    /// The `https` one-click unsubscribe URL (RFC 8058).
    public let unsubscribeURL: String?
    /// An address offered as a `mailto:` alternative to the URL.
    public let unsubscribeMailto: String?

    public init(from: EmailAddress, to: EmailAddress, subject: String, text: String, html: String? = nil, date: Instant,
                idempotencyKey: String, unsubscribeURL: String? = nil, unsubscribeMailto: String? = nil) throws(EmailError) {
        if let unsubscribeURL {
            guard unsubscribeURL.hasPrefix("https://"),
                  unsubscribeURL.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
            else { throw .invalidUnsubscribeURL(unsubscribeURL) }
        }
        if let unsubscribeMailto, !EmailAddress.isPlausibleAddress(unsubscribeMailto) { throw .invalidAddress(unsubscribeMailto) }
        self.from = from; self.to = to; self.subject = subject; self.text = text; self.html = html; self.date = date
        self.idempotencyKey = idempotencyKey; self.unsubscribeURL = unsubscribeURL; self.unsubscribeMailto = unsubscribeMailto
    }

    /// `<{first 32 hex digits of SHA-256(idempotency key)}@{domain of From}>`.
    public var messageID: String { "<\(Sodium.sha256Hex(idempotencyKey).prefix(32))@\(from.domain)>" }

    /// Starts with `=_`, which neither base64 nor the headers of a part can contain.
    public var boundary: String { "=_parley_" + Sodium.sha256Hex("boundary:" + idempotencyKey).prefix(24) }

    /// The top-level header fields in order, values already encoded and folded.
    public var headerFields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            ("From", from.headerValue(alreadyUsed: 6)),
            ("To", to.headerValue(alreadyUsed: 4)),
            ("Subject", EncodedWords.isPlain(subject) ? subject : EncodedWords.encode(subject, alreadyUsed: 9)),
            ("Date", RFC5322Date.format(date)),
            ("Message-ID", messageID),
            ("MIME-Version", "1.0"),
        ]
        if let unsubscribeURL {
            let mailto = unsubscribeMailto.map { ", <mailto:\($0)?subject=unsubscribe>" } ?? ""
            fields.append(("List-Unsubscribe", "<\(unsubscribeURL)>\(mailto)"))
            fields.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        fields.append(("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""))
        return fields
    }

    /// The whole message as sent after SMTP `DATA`.
    public func rendered() -> [UInt8] {
        var out = ""
        for field in headerFields { out += "\(field.name): \(field.value)\r\n" }
        out += "\r\n"
        out += part(type: "text/plain", content: text)
        if let html { out += part(type: "text/html", content: html) }
        out += "--\(boundary)--\r\n"
        return Array(out.utf8)
    }

    private func part(type: String, content: String) -> String {
        "--\(boundary)\r\nContent-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.encodeLines(Array(Self.crlf(content).utf8))
    }

    /// Text in canonical form (RFC 2045 §6.8): every line break CRLF before encoding.
    static func crlf(_ text: String) -> String {
        text.replacing("\r\n", with: "\n").replacing("\r", with: "\n").replacing("\n", with: "\r\n")
    }
}
