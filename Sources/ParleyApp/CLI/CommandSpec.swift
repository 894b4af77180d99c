/// A declarative description of one command and, through `subcommands`, of a
/// whole command tree.
///
/// The root's `name` is the program name used in usage lines and messages.
/// Options in `globalOptions` are accepted by this command and every command
/// below it, wherever they appear on the command line.
public struct CommandSpec: Sendable, Equatable {
    public var name: String
    /// One line, shown in the parent's subcommand list and under the usage line.
    public var abstract: String
    /// Longer text shown in this command's help; line breaks are kept.
    public var discussion: String
    public var arguments: [ArgumentSpec]
    public var options: [OptionSpec]
    public var globalOptions: [OptionSpec]
    public var subcommands: [CommandSpec]

    public init(
        _ name: String,
        abstract: String,
        discussion: String = "",
        arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [],
        globalOptions: [OptionSpec] = [],
        subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.globalOptions = globalOptions
        self.subcommands = subcommands
    }

    /// The direct subcommand called `name`, if any.
    public func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name }
    }

    /// The chain of commands from this one down `path`, stopping at the first
    /// name that is not a subcommand; always starts with `self`.
    public func chain(along path: [String]) -> [CommandSpec] {
        var chain = [self]
        for name in path {
            guard let next = chain[chain.count - 1].subcommand(named: name) else { break }
            chain.append(next)
        }
        return chain
    }
}

/// A positional argument such as `LOAN_ID`.
public struct ArgumentSpec: Sendable, Equatable {
    public var name: String
    public var help: String
    public var isRequired: Bool

    public init(_ name: String, help: String, isRequired: Bool = true) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
    }

    /// An argument the command cannot run without.
    public static func required(_ name: String, help: String) -> ArgumentSpec {
        ArgumentSpec(name, help: help, isRequired: true)
    }

    /// An argument that may be left out; optional arguments must come last.
    public static func optional(_ name: String, help: String) -> ArgumentSpec {
        ArgumentSpec(name, help: help, isRequired: false)
    }
}

/// A named option: either a flag (`--json`) or an option with a value
/// (`--db PATH`, `--db=PATH`).
public struct OptionSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case flag
        /// Takes a value; `valueName` is the placeholder shown in help (`PATH`).
        case value(valueName: String)
    }

    /// The long name without dashes: `db` for `--db`.
    public var name: String
    public var short: Character?
    public var help: String
    public var kind: Kind
    public var isRequired: Bool
    public var isRepeatable: Bool
    /// Text shown as "(default: …)" in help; the parser never fills it in.
    public var defaultDescription: String?

    public init(
        _ name: String,
        kind: Kind,
        short: Character? = nil,
        help: String,
        defaultDescription: String? = nil,
        isRequired: Bool = false,
        isRepeatable: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.short = short
        self.help = help
        self.defaultDescription = defaultDescription
        self.isRequired = isRequired
        self.isRepeatable = isRepeatable
    }

    /// An option that takes a value, such as `--db PATH`.
    public static func option(
        _ name: String,
        value valueName: String,
        short: Character? = nil,
        help: String,
        default defaultDescription: String? = nil,
        required: Bool = false,
        repeatable: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name, kind: .value(valueName: valueName), short: short, help: help,
            defaultDescription: defaultDescription, isRequired: required, isRepeatable: repeatable)
    }

    /// A switch without a value, such as `--json`.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name, kind: .flag, short: short, help: help)
    }

    /// `--name`, the spelling used in messages and help.
    public var longName: String { "--" + name }

    public var takesValue: Bool {
        if case .value = kind { return true }
        return false
    }

    /// The placeholder for the value (`PATH`), or nil for a flag.
    public var valueName: String? {
        if case .value(let valueName) = kind { return valueName }
        return nil
    }
}
