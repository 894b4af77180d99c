import ParleyCore

/// Reads one channel's JSON object field by field, resolving `"env:NAME"` strings and remembering which fields
/// were read, so that whatever is left over can be reported as unknown.
struct SettingsReader {
    let channel: String
    private let object: [String: JSONValue]
    private let environment: [String: String]
    private var read: Set<String> = ["kind"]

    init(channel: String, object: [String: JSONValue], environment: [String: String]) {
        self.channel = channel; self.object = object; self.environment = environment
    }

    mutating func optionalString(_ field: String) throws(ProviderConfigurationError) -> String? {
        read.insert(field)
        guard let value = object[field], value != .null else { return nil }
        guard let text = value.stringValue else { throw .invalidField(channel: channel, field: field, reason: "must be a string") }
        guard text.hasPrefix("env:") else { return text }
        let variable = String(text.dropFirst(4))
        guard let resolved = environment[variable] else {
            throw .missingEnvironmentVariable(channel: channel, field: field, variable: variable)
        }
        return resolved
    }

    mutating func string(_ field: String) throws(ProviderConfigurationError) -> String {
        guard let text = try optionalString(field) else { throw .missingField(channel: channel, field: field) }
        guard !text.isEmpty else { throw .invalidField(channel: channel, field: field, reason: "must not be empty") }
        return text
    }

    mutating func secret(_ field: String) throws(ProviderConfigurationError) -> Secret { Secret(try string(field)) }

    mutating func optionalSecret(_ field: String) throws(ProviderConfigurationError) -> Secret? {
        try optionalString(field).map(Secret.init)
    }

    /// An `http(s)://` base URL without its trailing slash.
    mutating func baseURL(_ field: String) throws(ProviderConfigurationError) -> String {
        var url = try string(field)
        guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" "), !url.contains("?") else {
            throw .invalidField(channel: channel, field: field, reason: "must be an http:// or https:// URL without a query")
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A string safe to put in a URL path segment.
    mutating func pathSegment(_ field: String) throws(ProviderConfigurationError) -> String {
        let text = try string(field)
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !"/?#%".utf8.contains($0) }) else {
            throw .invalidField(channel: channel, field: field, reason: "must not contain spaces, /, ?, # or %")
        }
        return text
    }

    mutating func int(_ field: String, default fallback: Int, in range: ClosedRange<Int>) throws(ProviderConfigurationError) -> Int {
        read.insert(field)
        guard let value = object[field], value != .null else { return fallback }
        guard let number = value.intValue, range.contains(Int(number)) else {
            throw .invalidField(channel: channel, field: field, reason: "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(number)
    }

    mutating func bool(_ field: String, default fallback: Bool) throws(ProviderConfigurationError) -> Bool {
        read.insert(field)
        guard let value = object[field], value != .null else { return fallback }
        guard let flag = value.boolValue else { throw .invalidField(channel: channel, field: field, reason: "must be true or false") }
        return flag
    }

    /// Fails on the first (alphabetically) field that no one read.
    func finish() throws(ProviderConfigurationError) {
        if let unknown = object.keys.filter({ !read.contains($0) }).sorted().first {
            throw .unknownField(channel: channel, field: unknown)
        }
    }
}
