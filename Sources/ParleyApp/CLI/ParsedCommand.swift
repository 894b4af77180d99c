/// The result of parsing: which command to run and the values given to it.
public struct ParsedCommand: Sendable, Equatable {
    /// Subcommand names below the root, e.g. `["import", "loans"]`.
    public var path: [String]
    /// True when `--help`, `-h` or a leading `help` asked for the help of `path`
    /// instead of running it; the other values are then incomplete.
    public var helpRequested: Bool
    /// The root name followed by `path`, e.g. `parley import loans`.
    public var displayName: String
    /// Values by long option name, in command-line order.
    public var optionValues: [String: [String]]
    public var flags: Set<String>
    public var positionals: [String: String]

    public init(
        path: [String],
        helpRequested: Bool = false,
        displayName: String,
        optionValues: [String: [String]] = [:],
        flags: Set<String> = [],
        positionals: [String: String] = [:]
    ) {
        self.path = path
        self.helpRequested = helpRequested
        self.displayName = displayName
        self.optionValues = optionValues
        self.flags = flags
        self.positionals = positionals
    }

    /// The value of option `name` (long name, no dashes); the last one if repeated.
    public func option(_ name: String) -> String? {
        optionValues[name]?.last
    }

    /// Every value given for a repeatable option, in order.
    public func options(_ name: String) -> [String] {
        optionValues[name] ?? []
    }

    public func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    public func positional(_ name: String) -> String? {
        positionals[name]
    }

    public func requiredOption(_ name: String) throws(UsageError) -> String {
        guard let value = option(name) else { throw .missingOption("--" + name) }
        return value
    }

    public func requiredPositional(_ name: String) throws(UsageError) -> String {
        guard let value = positional(name) else { throw .missingArgument(name) }
        return value
    }

    /// Option `name` as an integer, or nil when it was not given.
    public func int(_ name: String) throws(UsageError) -> Int? {
        guard let text = option(name) else { return nil }
        return try Self.integer(text, for: "--" + name)
    }

    /// Positional argument `name` as an integer, or nil when it was not given.
    public func int(positional name: String) throws(UsageError) -> Int? {
        guard let text = positional(name) else { return nil }
        return try Self.integer(text, for: name)
    }

    private static func integer(_ text: String, for name: String) throws(UsageError) -> Int {
        guard let value = Int(text) else { throw .invalidInteger(text, for: name) }
        return value
    }
}
