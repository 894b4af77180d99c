extension ArgumentParser {
    /// Help for the command at `path` below `spec` (e.g. `["import", "loans"]`),
    /// wrapped to `width` columns. Unknown trailing names are ignored.
    public static func helpText(for path: [String], spec: CommandSpec, width: Int = 80) -> String {
        HelpFormatter(chain: spec.chain(along: path), width: width).render()
    }

    /// Just the `Usage: …` line(s), for printing under a usage error.
    public static func usageText(for path: [String], spec: CommandSpec, width: Int = 80) -> String {
        HelpFormatter(chain: spec.chain(along: path), width: width).usage()
    }
}

/// Lays out help for the last command in `chain`; output depends only on the spec.
struct HelpFormatter {
    let chain: [CommandSpec]
    let width: Int

    private var command: CommandSpec { chain[chain.count - 1] }
    private var displayName: String { chain.map(\.name).joined(separator: " ") }
    private var globals: [OptionSpec] { chain.flatMap(\.globalOptions) }
    private static let helpOption = OptionSpec.flag("help", short: "h", help: "Show help information.")
    private static let maxLabelWidth = 28

    func render() -> String {
        var blocks = [usage()]
        if !command.abstract.isEmpty { blocks.append(Self.wrap(command.abstract, width: width).joined(separator: "\n")) }
        if !command.discussion.isEmpty { blocks.append(discussion()) }

        let arguments = command.arguments.map { ($0.name, $0.help) }
        let options = (command.options + [Self.helpOption]).map { (Self.label($0), Self.describe($0)) }
        let globalRows = globals.map { (Self.label($0), Self.describe($0)) }
        let subcommands = command.subcommands.map { ($0.name, $0.abstract) }
        let longest = (arguments + options + globalRows + subcommands).map(\.0.count).max() ?? 0
        let labelWidth = min(longest, Self.maxLabelWidth)

        for (title, rows) in [
            ("Arguments:", arguments), ("Options:", options),
            ("Global options:", globalRows), ("Subcommands:", subcommands),
        ] where !rows.isEmpty {
            blocks.append(([title] + rows.flatMap { row(label: $0.0, help: $0.1, labelWidth: labelWidth) })
                .joined(separator: "\n"))
        }
        if !command.subcommands.isEmpty {
            let helpPath = ([chain[0].name, "help"] + chain.dropFirst().map(\.name)).joined(separator: " ")
            let footer = "Run \"\(helpPath) <subcommand>\" for details."
            blocks.append(Self.wrap(footer, width: width).joined(separator: "\n"))
        }
        return blocks.joined(separator: "\n\n")
    }

    /// `Usage: parley dues LOAN_ID --as-of YYYY-MM-DD [--json] [--db PATH]`,
    /// breaking only between items so `--db PATH` stays together.
    func usage() -> String {
        var items = chain.map(\.name)
        if !command.subcommands.isEmpty { items.append("<subcommand>") }
        items += command.arguments.map { $0.isRequired ? $0.name : "[\($0.name)]" }
        items += command.options.map(Self.usageItem)
        items += globals.map(Self.usageItem)

        let prefix = "Usage: "
        let indent = String(repeating: " ", count: prefix.count)
        var lines: [String] = []
        var line = prefix
        for item in items {
            let fresh = line == prefix || line == indent
            if !fresh, line.count + 1 + item.count > width {
                lines.append(line)
                line = indent
            }
            line += (line == prefix || line == indent ? "" : " ") + item
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private static func usageItem(_ option: OptionSpec) -> String {
        var item = option.longName + (option.valueName.map { " " + $0 } ?? "")
        if option.isRepeatable { item += " ..." }
        return option.isRequired ? item : "[\(item)]"
    }

    private static func label(_ option: OptionSpec) -> String {
        let short = option.short.map { "-\($0), " } ?? "    "
        return short + option.longName + (option.valueName.map { " " + $0 } ?? "")
    }

    private static func describe(_ option: OptionSpec) -> String {
        var text = option.help
        if let defaultDescription = option.defaultDescription { text += " (default: \(defaultDescription))" }
        if option.isRepeatable { text += " (repeatable)" }
        return text
    }

    /// Keeps the author's line breaks and each line's indentation.
    private func discussion() -> String {
        command.discussion.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            let indent = String(line.prefix { $0 == " " })
            let body = line.dropFirst(indent.count)
            if body.isEmpty { return [""] }
            return Self.wrap(String(body), width: max(width - indent.count, 1)).map { indent + $0 }
        }.joined(separator: "\n")
    }

    /// Two-column row; a label wider than the column puts its help on the next line.
    private func row(label: String, help: String, labelWidth: Int) -> [String] {
        let column = 2 + labelWidth + 2
        let helpLines = help.isEmpty ? [] : Self.wrap(help, width: max(width - column, 10))
        let pad = String(repeating: " ", count: column)
        let head = "  " + label
        guard let first = helpLines.first else { return [head] }
        if label.count > labelWidth {
            return [head] + helpLines.map { pad + $0 }
        }
        let padded = head + String(repeating: " ", count: column - head.count)
        return [padded + first] + helpLines.dropFirst().map { pad + $0 }
    }

    /// Greedy word wrap; a word longer than `width` gets a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
