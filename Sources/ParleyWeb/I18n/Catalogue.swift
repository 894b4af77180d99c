/// The user-visible strings of one language.
///
/// Every key has a text in every language: `Key.english` and `Key.hindi` are
/// exhaustive switches, so a missing translation does not compile.
public struct Catalogue: Sendable {
    public let language: Language

    public static func strings(_ language: Language) -> Catalogue {
        Catalogue(language: language)
    }

    public subscript(_ key: Key) -> String {
        switch language {
        case .en: key.english
        case .hi: key.hindi
        }
    }

    /// The text of `key` with `{0}`, `{1}` … replaced by `args` in order.
    /// A placeholder without an argument is left as it is.
    public func format(_ key: Key, _ args: [String]) -> String {
        Catalogue.substitute(self[key], args)
    }

    public func text(_ message: Message) -> String {
        format(message.key, message.args)
    }

    /// The placeholder numbers used in `template`, e.g. `[0, 1]` for "{0} of {1}".
    public static func placeholders(in template: String) -> Set<Int> {
        var found = Set<Int>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            if let number = Int(after[..<close]) { found.insert(number) }
            rest = after[after.index(after: close)...]
        }
        return found
    }

    static func substitute(_ template: String, _ args: [String]) -> String {
        guard !args.isEmpty, template.contains("{") else { return template }
        var result = ""
        result.reserveCapacity(template.utf8.count + 16)
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), let number = Int(after[..<close]), args.indices.contains(number) {
                result += args[number]
                rest = after[after.index(after: close)...]
            } else {
                result += "{"
                rest = after
            }
        }
        result += rest
        return result
    }
}

/// A catalogue key with its arguments: how pages receive notices and field errors,
/// so that every text on a page comes from the catalogue in the page's language.
public struct Message: Sendable, Hashable {
    public var key: Key
    public var args: [String]

    public init(_ key: Key, _ args: [String] = []) {
        self.key = key
        self.args = args
    }
}
