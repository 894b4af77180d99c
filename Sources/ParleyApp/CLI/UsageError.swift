/// A mistake on the command line, described so the user can fix it.
///
/// `command` values are display names such as `parley dues`; option names
/// include their dashes (`--db`).
public enum UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCommand(String, command: String, suggestion: String?)
    case unknownOption(String, command: String, suggestion: String?)
    case missingValue(option: String)
    case unexpectedValue(option: String)
    case duplicateOption(option: String)
    case missingArgument(String)
    case missingOption(String)
    case unexpectedArgument(String)
    case invalidInteger(String, for: String)
    case needsSubcommand(command: String, subcommands: [String])

    public var description: String {
        switch self {
        case .unknownCommand(let name, let command, let suggestion):
            return "unknown command \"\(name)\" for \"\(command)\"" + Self.hint(suggestion)
        case .unknownOption(let name, let command, let suggestion):
            return "unknown option \"\(name)\" for \"\(command)\"" + Self.hint(suggestion)
        case .missingValue(let option):
            return "missing value for \(option)"
        case .unexpectedValue(let option):
            return "\(option) does not take a value"
        case .duplicateOption(let option):
            return "\(option) may be given only once"
        case .missingArgument(let name):
            return "missing required argument \(name)"
        case .missingOption(let option):
            return "missing required option \(option)"
        case .unexpectedArgument(let value):
            return "unexpected extra argument \"\(value)\""
        case .invalidInteger(let value, let name):
            return "invalid integer \"\(value)\" for \(name)"
        case .needsSubcommand(let command, let subcommands):
            return "\"\(command)\" needs a subcommand: " + subcommands.joined(separator: ", ")
        }
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean \"\($0)\"?" } ?? ""
    }
}

/// Process exit statuses; `main` maps every outcome to one of these.
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case failure = 1
    case usage = 2

    /// `.usage` for a `UsageError`, `.failure` for anything else.
    public init(for error: any Error) {
        self = error is UsageError ? .usage : .failure
    }
}
