/// An address as written in configuration or a header, `Parley <noreply@parley.example>` or `noreply@parley.example`.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let displayName: String?
    /// `local@domain`.
    public let address: String

    /// Parses one mailbox; refuses anything that could break out of a header or an SMTP command.
    public init(parsing text: String) throws(EmailError) {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingSpaces()
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            displayName = name.isEmpty ? nil : name
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        } else {
            displayName = nil
            address = trimmed
        }
        guard Self.isPlausibleAddress(address) else { throw .invalidAddress(text) }
        if let displayName, displayName.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\"" || $0 == "\\" }) {
            throw .invalidAddress(text)
        }
    }

    /// The part after `@`.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@")!)...]) }

    public var description: String { displayName.map { "\($0) <\(address)>" } ?? address }

    /// The `From:`/`To:` header form: a plain or quoted display name, or RFC 2047 words when it is not ASCII.
    func headerValue(alreadyUsed: Int) -> String {
        guard let displayName else { return address }
        if displayName.unicodeScalars.allSatisfy({ $0.isASCII }) {
            let plain = displayName.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == " " }
            return (plain ? displayName : "\"\(displayName)\"") + " <\(address)>"
        }
        return EncodedWords.encode(displayName, alreadyUsed: alreadyUsed) + " <\(address)>"
    }

    /// One `@`, a non-empty local part and a dotted domain, printable ASCII without spaces, brackets or quotes.
    static func isPlausibleAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              address.utf8.count <= 254 else { return false }
        return address.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !"<>()[]\\,;:\"".utf8.contains($0) }
    }
}

/// Why an email could not be built.
public enum EmailError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidAddress(String)
    case invalidUnsubscribeURL(String)

    public var description: String {
        switch self {
        case .invalidAddress(let text): "not a usable email address: \"\(ProviderAnswer.scrub(text, limit: 80))\""
        case .invalidUnsubscribeURL(let url): "the unsubscribe URL must be https without spaces or angle brackets: \"\(ProviderAnswer.scrub(url, limit: 80))\""
        }
    }
}
