import ParleyCore

/// A JSON value together with the path that led to it, so every refusal names the exact field
/// (`entry[0].changes[0].value.statuses[1].status: missing`). `null` counts as absent.
struct JSONCursor {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) {
        self.value = value
        self.path = path
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member `key`, or nil when it is absent or `null`. Throws when `self` is not an object.
    func optional(_ key: String) throws(WebhookError) -> JSONCursor? {
        guard case .object(let members) = value else {
            throw .wrongType(path: path.isEmpty ? "body" : path, expected: "an object")
        }
        guard let member = members[key], member != .null else { return nil }
        return JSONCursor(member, path: childPath(key))
    }

    /// The member `key`; throws `missing` when it is absent or `null`.
    func required(_ key: String) throws(WebhookError) -> JSONCursor {
        guard let member = try optional(key) else { throw .missing(path: childPath(key)) }
        return member
    }

    /// This value as a string.
    func string() throws(WebhookError) -> String {
        guard case .string(let text) = value else { throw .wrongType(path: path, expected: "a string") }
        return text
    }

    /// The string member `key`.
    func string(_ key: String) throws(WebhookError) -> String { try required(key).string() }

    /// The string member `key`, or nil when absent.
    func optionalString(_ key: String) throws(WebhookError) -> String? { try optional(key)?.string() }

    /// The array member `key` as cursors `key[0]`, `key[1]`, …; empty when absent unless `required`.
    func items(_ key: String, required: Bool = false) throws(WebhookError) -> [JSONCursor] {
        guard let member = try optional(key) else {
            if required { throw .missing(path: childPath(key)) }
            return []
        }
        guard case .array(let elements) = member.value else {
            throw .wrongType(path: member.path, expected: "an array")
        }
        return elements.enumerated().map { JSONCursor($0.element, path: member.path + "[\($0.offset)]") }
    }

    /// This value as a code: an integer, or a non-empty string (some providers quote their codes).
    func code() throws(WebhookError) -> String {
        switch value {
        case .int(let number): return String(number)
        case .string(let text) where !text.isEmpty: return text
        default: throw .wrongType(path: path, expected: "an integer code")
        }
    }

    /// This value as a Unix timestamp in seconds, written as a string of digits (`"1750857384"`).
    func unixSeconds() throws(WebhookError) -> Instant {
        let text = try string()
        guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let seconds = Int64(text) else {
            throw .invalidValue(path: path, reason: "expected Unix seconds as a string of digits, got \"\(text)\"")
        }
        return Instant(secondsSinceEpoch: seconds)
    }
}
