/// Turns command-line words into a `ParsedCommand`, guided by a `CommandSpec`.
///
/// Parsing is a pure function: no I/O, no global state. `main` parses, runs
/// the command, and maps errors to an `ExitCode`.
public enum ArgumentParser {
    /// Parses `arguments` (without the program name, i.e.
    /// `CommandLine.arguments.dropFirst()`) against the tree rooted at `spec`.
    ///
    /// `--help`/`-h` anywhere before `--`, or `help` as the first word, yields
    /// a command with `helpRequested` set instead of checking the rest.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedCommand {
        if let first = arguments.first, isHelpWord(first, root: spec) {
            return try helpRequest(Array(arguments.dropFirst()), root: spec)
        }
        if arguments.prefix(while: { $0 != "--" }).contains(where: isHelpOption) {
            return try helpRequest(arguments, root: spec)
        }
        var parser = Parser(root: spec)
        try parser.consume(arguments)
        return try parser.finish()
    }

    static func isHelpOption(_ token: String) -> Bool {
        token == "--help" || token == "-h"
    }

    /// `help` is only a keyword where it cannot be a real subcommand or argument.
    private static func isHelpWord(_ token: String, root: CommandSpec) -> Bool {
        token == "help" && !root.subcommands.isEmpty && root.subcommand(named: "help") == nil
    }

    /// Finds the command whose help was asked for, skipping options and their
    /// values without validating them: help should work on a half-typed line.
    private static func helpRequest(_ arguments: [String], root: CommandSpec) throws(UsageError) -> ParsedCommand {
        var scope = Scope(root: root)
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--" { break }
            if Scope.looksLikeOption(token) {
                if !token.contains("="), scope.option(spelled: token)?.takesValue == true { index += 1 }
                continue
            }
            guard !scope.current.subcommands.isEmpty else { break }
            try scope.descend(into: token)
        }
        return ParsedCommand(path: scope.path, helpRequested: true, displayName: scope.displayName)
    }
}

/// The commands entered so far and the options visible from the innermost one.
struct Scope {
    private(set) var chain: [CommandSpec]

    init(root: CommandSpec) { chain = [root] }

    var current: CommandSpec { chain[chain.count - 1] }
    var path: [String] { chain.dropFirst().map(\.name) }
    var displayName: String { chain.map(\.name).joined(separator: " ") }

    /// The command's own options, then globals from the innermost command out.
    var visibleOptions: [OptionSpec] {
        current.options + chain.reversed().flatMap(\.globalOptions)
    }

    func option(long name: Substring) -> OptionSpec? {
        visibleOptions.first { $0.name == name }
    }

    func option(short: Character) -> OptionSpec? {
        visibleOptions.first { $0.short == short }
    }

    /// The option for `--name`, `--name=…` or a lone `-x`.
    func option(spelled token: String) -> OptionSpec? {
        if token.hasPrefix("--") {
            return option(long: token.dropFirst(2).prefix { $0 != "=" })
        }
        return token.count == 2 ? option(short: token[token.index(after: token.startIndex)]) : nil
    }

    mutating func descend(into name: String) throws(UsageError) {
        guard let next = current.subcommand(named: name) else {
            let names = current.subcommands.map(\.name)
            throw .unknownCommand(name, command: displayName, suggestion: Suggestion.closest(to: name, in: names))
        }
        chain.append(next)
    }

    /// True for `-x`, `--xyz` and `--`, but not for `-` or negative numbers.
    static func looksLikeOption(_ token: String) -> Bool {
        token.hasPrefix("-") && token.count > 1 && Double(token) == nil
    }
}

/// The strict pass: every word must fit the spec.
private struct Parser {
    var scope: Scope
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    init(root: CommandSpec) { scope = Scope(root: root) }

    mutating func consume(_ arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        var optionsEnded = false
        while let token = rest.popFirst() {
            if optionsEnded || !Scope.looksLikeOption(token) {
                try word(token)
            } else if token == "--" {
                optionsEnded = true
            } else if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                let inline = name.endIndex < body.endIndex ? String(body[body.index(after: name.endIndex)...]) : nil
                guard let option = scope.option(long: name) else {
                    let candidates = scope.visibleOptions.map(\.name)
                    throw .unknownOption(
                        "--" + name, command: scope.displayName,
                        suggestion: Suggestion.closest(to: String(name), in: candidates).map { "--" + $0 })
                }
                try take(option, inline: inline, from: &rest)
            } else {
                try shortCluster(token.dropFirst(), from: &rest)
            }
        }
    }

    /// `-j`, `-jv` (several flags), `-dPATH` or `-d PATH`.
    private mutating func shortCluster(_ letters: Substring, from rest: inout ArraySlice<String>) throws(UsageError) {
        var remaining = letters
        while let letter = remaining.popFirst() {
            guard let option = scope.option(short: letter) else {
                throw .unknownOption("-\(letter)", command: scope.displayName, suggestion: nil)
            }
            if option.takesValue, !remaining.isEmpty {
                let value = remaining.first == "=" ? remaining.dropFirst() : remaining
                return try take(option, inline: String(value), from: &rest)
            }
            try take(option, inline: nil, from: &rest)
        }
    }

    private mutating func take(
        _ option: OptionSpec, inline: String?, from rest: inout ArraySlice<String>
    ) throws(UsageError) {
        guard option.takesValue else {
            if inline != nil { throw .unexpectedValue(option: option.longName) }
            flags.insert(option.name)
            return
        }
        let value: String
        if let inline {
            value = inline
        } else if let next = rest.first, !Scope.looksLikeOption(next) {
            value = next
            rest.removeFirst()
        } else {
            throw .missingValue(option: option.longName)
        }
        if !option.isRepeatable, values[option.name] != nil {
            throw .duplicateOption(option: option.longName)
        }
        values[option.name, default: []].append(value)
    }

    /// A bare word is a subcommand until the command has none, then a positional.
    private mutating func word(_ token: String) throws(UsageError) {
        if !scope.current.subcommands.isEmpty, positionals.isEmpty {
            return try scope.descend(into: token)
        }
        guard positionals.count < scope.current.arguments.count else {
            throw .unexpectedArgument(token)
        }
        positionals.append(token)
    }

    func finish() throws(UsageError) -> ParsedCommand {
        let command = scope.current
        if !command.subcommands.isEmpty {
            throw .needsSubcommand(command: scope.displayName, subcommands: command.subcommands.map(\.name))
        }
        if let missing = command.arguments.dropFirst(positionals.count).first(where: \.isRequired) {
            throw .missingArgument(missing.name)
        }
        if let missing = scope.visibleOptions.first(where: { $0.isRequired && values[$0.name] == nil }) {
            throw .missingOption(missing.longName)
        }
        var named: [String: String] = [:]
        for (argument, value) in zip(command.arguments, positionals) {
            named[argument.name] = value
        }
        return ParsedCommand(
            path: scope.path, displayName: scope.displayName,
            optionValues: values, flags: flags, positionals: named)
    }
}

/// "Did you mean" candidates: the nearest name within a small edit distance.
enum Suggestion {
    static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word), Array(candidate))
            guard distance <= min(2, candidate.count / 2) else { continue }
            if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Optimal string alignment distance: Levenshtein plus adjacent swaps,
    /// so "duse" is one edit from "dues".
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
