import Foundation

/// A received email taken apart the way a mail client would: unfolded headers, RFC 2047 words decoded,
/// multipart bodies split and their base64 decoded. Deliberately independent of `MIMEMessage`.
struct ParsedMail {
    struct Part {
        let headers: [(name: String, value: String)]
        let text: String?

        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    enum ParseError: Error { case noHeaderEnd, noBoundary, badBase64(String) }

    let rawHeaders: String
    let headers: [(name: String, value: String)]
    let body: String

    init(_ bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let end = text.range(of: "\r\n\r\n") else { throw ParseError.noHeaderEnd }
        rawHeaders = String(text[..<end.lowerBound])
        headers = Self.headerFields(rawHeaders)
        body = String(text[end.upperBound...])
    }

    func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }

    /// Splits `multipart/*` on its boundary and decodes each part's base64 content.
    func parts() throws -> [Part] {
        guard let type = header("Content-Type"), let range = type.range(of: "boundary=\"") else { throw ParseError.noBoundary }
        let boundary = String(type[range.upperBound...].prefix { $0 != "\"" })
        let sections = body.components(separatedBy: "--\(boundary)")
        guard sections.last?.hasPrefix("--") == true else { throw ParseError.noBoundary }
        return try sections.dropFirst().dropLast().map { section in
            // CRLF is one Character in Swift, so one drop removes the line break after the boundary.
            let content = section.hasPrefix("\r\n") ? String(section.dropFirst()) : section
            guard let end = content.range(of: "\r\n\r\n") else { throw ParseError.noHeaderEnd }
            let headers = Self.headerFields(String(content[..<end.lowerBound]))
            let encoded = String(content[end.upperBound...])
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else { throw ParseError.badBase64(encoded) }
            return Part(headers: headers, text: String(data: data, encoding: .utf8))
        }
    }

    /// Header lines unfolded (CRLF + whitespace joins lines).
    static func headerFields(_ block: String) -> [(name: String, value: String)] {
        let unfolded = block.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ")
        return unfolded.components(separatedBy: "\r\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
    }

    /// Decodes `=?UTF-8?B?…?=` words; whitespace between adjacent words is dropped (RFC 2047 §6.2).
    static func decodeWords(_ value: String) throws -> String {
        let pattern = try NSRegularExpression(pattern: #"=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?="#, options: [.caseInsensitive])
        let matches = pattern.matches(in: value, range: NSRange(value.startIndex..., in: value))
        guard !matches.isEmpty else { return value }
        var bytes = Data()
        for match in matches {
            let encoded = String(value[Range(match.range(at: 1), in: value)!])
            guard let data = Data(base64Encoded: encoded) else { throw ParseError.badBase64(encoded) }
            bytes.append(data)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Each encoded word decoded on its own (every one must be complete UTF-8).
    static func words(_ value: String) -> [String?] {
        value.components(separatedBy: .whitespaces).filter { $0.hasPrefix("=?") }.map { word in
            let payload = word.dropFirst("=?UTF-8?B?".count).dropLast(2)
            return Data(base64Encoded: String(payload)).flatMap { String(data: $0, encoding: .utf8) }
        }
    }
}
