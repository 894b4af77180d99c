import Testing
@testable import ParleyApp

/// A small tree shaped like Parley's real one: globals on the root, a leaf
/// command, and a group with two leaves.
private let spec = CommandSpec(
    "parley",
    abstract: "Track informal loans between friends.",
    globalOptions: [
        .option("db", value: "PATH", short: "d", help: "SQLite database file.", default: "parley.db"),
        .option("lender", value: "ID", help: "Act on behalf of this lender."),
    ],
    subcommands: [
        CommandSpec(
            "dues",
            abstract: "Show what is due on a loan.",
            discussion: """
                Dues are computed from the schedule and every payment recorded up to the given date, inclusive of late fees that have accrued.

                Example:
                  parley dues L1 --as-of 2024-03-01 --json
                """,
            arguments: [.required("LOAN_ID", help: "The loan to inspect.")],
            options: [
                .option("as-of", value: "YYYY-MM-DD", help: "Compute dues as of this date.", required: true),
                .flag("json", short: "j", help: "Print JSON instead of a table."),
            ]),
        CommandSpec(
            "import",
            abstract: "Import records from CSV files.",
            subcommands: [
                CommandSpec(
                    "loans",
                    abstract: "Import loans from a CSV file.",
                    arguments: [
                        .required("FILE", help: "CSV file with one loan per row."),
                        .optional("SHEET", help: "Sheet name, for exports that hold several."),
                    ],
                    options: [
                        .flag("skip-bad-rows", help: "Report malformed rows and carry on instead of stopping at the first one."),
                        .option("tag", value: "TAG", short: "t", help: "Tag every imported loan.", repeatable: true),
                        .option("loans", value: "N", help: "Stop after N loans."),
                    ]),
                CommandSpec("payments", abstract: "Import payments from a CSV file."),
            ]),
    ])

private func parse(_ line: String) throws(UsageError) -> ParsedCommand {
    try ArgumentParser.parse(line.split(separator: " ").map(String.init), spec: spec)
}


@Suite struct ParsingTests {
    @Test(arguments: [
        "--db x.db dues L1 --as-of 2024-03-01",
        "dues L1 --as-of 2024-03-01 --db x.db",
        "dues --db x.db L1 --as-of 2024-03-01",
        "dues --db=x.db --as-of=2024-03-01 L1",
        "-d x.db dues L1 --as-of 2024-03-01",
        "dues L1 --as-of 2024-03-01 -dx.db",
        "dues L1 --as-of 2024-03-01 -d=x.db",
    ])
    func globalsBeforeAndAfterTheSubcommand(line: String) throws {
        let parsed = try parse(line)
        #expect(parsed.path == ["dues"])
        #expect(parsed.displayName == "parley dues")
        #expect(parsed.option("db") == "x.db")
        #expect(parsed.option("as-of") == "2024-03-01")
        #expect(parsed.positional("LOAN_ID") == "L1")
        #expect(parsed.option("lender") == nil)
        #expect(parsed.flag("json") == false)
        #expect(parsed.helpRequested == false)
    }

    @Test func nestedCommandWithFlagsAndOptionalArgument() throws {
        let parsed = try parse("--lender ana import loans book.csv Sheet2 --skip-bad-rows --loans 40")
        #expect(parsed.path == ["import", "loans"])
        #expect(parsed.option("lender") == "ana")
        #expect(parsed.positional("FILE") == "book.csv")
        #expect(parsed.positional("SHEET") == "Sheet2")
        #expect(parsed.flag("skip-bad-rows"))
        #expect(try parsed.int("loans") == 40)
        #expect(try parsed.requiredPositional("FILE") == "book.csv")
        #expect(try parsed.requiredOption("lender") == "ana")
    }

    @Test func optionalArgumentMayBeLeftOut() throws {
        let parsed = try parse("import loans book.csv")
        #expect(parsed.positional("SHEET") == nil)
        #expect(try parsed.int("loans") == nil)
        #expect(parsed.options("tag") == [])
    }

    @Test func equalsFormKeepsEverythingAfterTheFirstEquals() throws {
        let parsed = try parse("dues L1 --as-of=2024-03-01 --db=file=odd.db --lender=")
        #expect(parsed.option("db") == "file=odd.db")
        #expect(parsed.option("lender") == "")
    }

    @Test func repeatableOptionsCollectEveryValueInOrder() throws {
        let parsed = try parse("import loans --tag a book.csv -t b --tag=c -td")
        #expect(parsed.options("tag") == ["a", "b", "c", "d"])
        #expect(parsed.option("tag") == "d")
        #expect(parsed.positional("FILE") == "book.csv")
    }

    @Test func shortFlagsCanBeBundledWithAValueOptionLast() throws {
        let parsed = try parse("dues L1 --as-of 2024-03-01 -jd x.db")
        #expect(parsed.flag("json"))
        #expect(parsed.option("db") == "x.db")
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try parse("dues --as-of 2024-03-01 -- --help")
        #expect(parsed.helpRequested == false)
        #expect(parsed.positional("LOAN_ID") == "--help")

        let dashed = try parse("import loans --skip-bad-rows -- -odd.csv --tag")
        #expect(dashed.flag("skip-bad-rows"))
        #expect(dashed.positional("FILE") == "-odd.csv")
        #expect(dashed.positional("SHEET") == "--tag")
        #expect(dashed.options("tag") == [])

        #expect(throws: UsageError.unexpectedArgument("--json")) {
            try parse("dues L1 --as-of 2024-03-01 -- --json")
        }
    }

    @Test func negativeNumbersAndLoneDashAreValues() throws {
        let parsed = try parse("import loans - --loans -5")
        #expect(parsed.positional("FILE") == "-")
        #expect(try parsed.int("loans") == -5)
    }

    @Test func integerPositionalConversion() throws {
        let parsed = try parse("dues 42 --as-of 2024-03-01")
        #expect(try parsed.int(positional: "LOAN_ID") == 42)
        let bad = try parse("dues L1 --as-of 2024-03-01")
        #expect(throws: UsageError.invalidInteger("L1", for: "LOAN_ID")) {
            try bad.int(positional: "LOAN_ID")
        }
    }
}

@Suite struct UsageErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let line: String
        let error: UsageError
        let message: String
        var testDescription: String { line.isEmpty ? "(no arguments)" : line }
    }

    @Test(arguments: [
        Case(line: "duse L1", error: .unknownCommand("duse", command: "parley", suggestion: "dues"),
             message: #"unknown command "duse" for "parley"; did you mean "dues"?"#),
        Case(line: "x", error: .unknownCommand("x", command: "parley", suggestion: nil),
             message: #"unknown command "x" for "parley""#),
        Case(line: "import lonas a.csv", error: .unknownCommand("lonas", command: "parley import", suggestion: "loans"),
             message: #"unknown command "lonas" for "parley import"; did you mean "loans"?"#),
        Case(line: "dues L1 --foo", error: .unknownOption("--foo", command: "parley dues", suggestion: nil),
             message: #"unknown option "--foo" for "parley dues""#),
        Case(line: "dues L1 --jsno", error: .unknownOption("--jsno", command: "parley dues", suggestion: "--json"),
             message: #"unknown option "--jsno" for "parley dues"; did you mean "--json"?"#),
        Case(line: "--json dues L1", error: .unknownOption("--json", command: "parley", suggestion: nil),
             message: #"unknown option "--json" for "parley""#),
        Case(line: "import loans a.csv -z", error: .unknownOption("-z", command: "parley import loans", suggestion: nil),
             message: #"unknown option "-z" for "parley import loans""#),
        Case(line: "dues L1 --as-of 2024-03-01 --db", error: .missingValue(option: "--db"),
             message: "missing value for --db"),
        Case(line: "dues L1 --db --as-of 2024-03-01", error: .missingValue(option: "--db"),
             message: "missing value for --db"),
        Case(line: "dues L1 --as-of 2024-03-01 -d", error: .missingValue(option: "--db"),
             message: "missing value for --db"),
        Case(line: "dues --as-of 2024-03-01", error: .missingArgument("LOAN_ID"),
             message: "missing required argument LOAN_ID"),
        Case(line: "dues L1", error: .missingOption("--as-of"),
             message: "missing required option --as-of"),
        Case(line: "dues L1 y --as-of 2024-03-01", error: .unexpectedArgument("y"),
             message: #"unexpected extra argument "y""#),
        Case(line: "import", error: .needsSubcommand(command: "parley import", subcommands: ["loans", "payments"]),
             message: #""parley import" needs a subcommand: loans, payments"#),
        Case(line: "", error: .needsSubcommand(command: "parley", subcommands: ["dues", "import"]),
             message: #""parley" needs a subcommand: dues, import"#),
        Case(line: "dues L1 --as-of 2024-03-01 --json=yes", error: .unexpectedValue(option: "--json"),
             message: "--json does not take a value"),
        Case(line: "--db a dues L1 --as-of 2024-03-01 --db b", error: .duplicateOption(option: "--db"),
             message: "--db may be given only once"),
        Case(line: "help nope", error: .unknownCommand("nope", command: "parley", suggestion: nil),
             message: #"unknown command "nope" for "parley""#),
        Case(line: "import paymnets --help", error: .unknownCommand("paymnets", command: "parley import", suggestion: "payments"),
             message: #"unknown command "paymnets" for "parley import"; did you mean "payments"?"#),
    ])
    func parseErrors(_ example: Case) {
        #expect(throws: example.error) { try parse(example.line) }
        #expect(example.error.description == example.message)
    }

    @Test func conversionErrors() throws {
        let parsed = try parse("import loans a.csv --loans abc")
        #expect(throws: UsageError.invalidInteger("abc", for: "--loans")) { try parsed.int("loans") }
        #expect(UsageError.invalidInteger("abc", for: "--loans").description == #"invalid integer "abc" for --loans"#)
        #expect(throws: UsageError.missingOption("--lender")) { try parsed.requiredOption("lender") }
        #expect(throws: UsageError.missingArgument("SHEET")) { try parsed.requiredPositional("SHEET") }
    }

    @Test func exitCodes() {
        #expect(ExitCode(for: UsageError.missingArgument("X")) == .usage)
        #expect(ExitCode(for: CancellationError()) == .failure)
        #expect(ExitCode.usage.rawValue == 2)
        #expect(ExitCode.ok.rawValue == 0)
        #expect(ExitCode.failure.rawValue == 1)
    }

    @Test func suggestionsNeedACloseMatch() {
        #expect(Suggestion.closest(to: "lonas", in: ["loans", "payments"]) == "loans")
        #expect(Suggestion.closest(to: "xyz", in: ["loans", "payments"]) == nil)
        #expect(Suggestion.editDistance(Array("duse"), Array("dues")) == 1)
        #expect(Suggestion.editDistance(Array(""), Array("abc")) == 3)
    }
}

@Suite struct HelpTests {
    @Test(arguments: [
        "help import loans",
        "import loans --help",
        "import loans -h",
        "import --help loans",
        "--help import loans",
        "--db x.db import loans --bogus -h",
        "import loans a.csv --tag --help",
    ])
    func everySpellingOfHelpFindsTheSameCommand(line: String) throws {
        let parsed = try parse(line)
        #expect(parsed.helpRequested)
        #expect(parsed.path == ["import", "loans"])
        #expect(parsed.displayName == "parley import loans")
    }

    @Test func helpWordEqualsHelpOption() throws {
        let viaWord = try parse("help import loans")
        let viaOption = try parse("import loans --help")
        #expect(viaWord == viaOption)
        #expect(ArgumentParser.helpText(for: viaWord.path, spec: spec)
            == ArgumentParser.helpText(for: viaOption.path, spec: spec))
    }

    @Test func helpForTheRootAndGroups() throws {
        #expect(try parse("help").path == [])
        #expect(try parse("-h").path == [])
        #expect(try parse("import -h").path == ["import"])
        #expect(try parse("help dues L1 extra").path == ["dues"])
    }

    @Test func leafHelpIsExact() {
        let expected = """
            Usage: parley dues LOAN_ID --as-of YYYY-MM-DD [--json] [--db PATH] [--lender ID]

            Show what is due on a loan.

            Dues are computed from the schedule and every payment recorded up to the given
            date, inclusive of late fees that have accrued.

            Example:
              parley dues L1 --as-of 2024-03-01 --json

            Arguments:
              LOAN_ID                 The loan to inspect.

            Options:
                  --as-of YYYY-MM-DD  Compute dues as of this date.
              -j, --json              Print JSON instead of a table.
              -h, --help              Show help information.

            Global options:
              -d, --db PATH           SQLite database file. (default: parley.db)
                  --lender ID         Act on behalf of this lender.
            """
        #expect(ArgumentParser.helpText(for: ["dues"], spec: spec) == expected)
    }

    @Test func nestedHelpListsUsageAndEveryOption() {
        let text = ArgumentParser.helpText(for: ["import", "loans"], spec: spec)
        #expect(text.hasPrefix("""
            Usage: parley import loans FILE [SHEET] [--skip-bad-rows] [--tag TAG ...]
                   [--loans N] [--db PATH] [--lender ID]
            """))
        for label in ["--skip-bad-rows", "-t, --tag TAG", "--loans N", "-h, --help", "-d, --db PATH", "--lender ID"] {
            #expect(text.contains(label), "missing \(label)")
        }
        #expect(text.contains("""
                  --skip-bad-rows  Report malformed rows and carry on instead of stopping at
                                   the first one.
            """))
        #expect(text.contains("Tag every imported loan. (repeatable)"))
        #expect(text.contains("  SHEET                Sheet name, for exports that hold several."))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { $0.count <= 80 })
    }

    @Test func groupHelpListsSubcommands() {
        let text = ArgumentParser.helpText(for: ["import"], spec: spec)
        #expect(text.hasPrefix("Usage: parley import <subcommand> [--db PATH] [--lender ID]\n"))
        #expect(text.contains("Subcommands:\n  loans            Import loans from a CSV file.\n"))
        #expect(text.contains("  payments         Import payments from a CSV file."))
        #expect(text.hasSuffix(#"Run "parley help import <subcommand>" for details."#))
        #expect(ArgumentParser.usageText(for: ["import"], spec: spec)
            == "Usage: parley import <subcommand> [--db PATH] [--lender ID]")
    }

    @Test(arguments: [40, 60, 80])
    func everyLineFitsTheWidth(width: Int) {
        for path in [[], ["dues"], ["import"], ["import", "loans"]] {
            let lines = ArgumentParser.helpText(for: path, spec: spec, width: width)
                .split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.allSatisfy { $0.count <= width && !$0.hasSuffix(" ") }, "\(path) at \(width)")
        }
    }

    @Test func longLabelsPutHelpOnTheNextLine() {
        let wide = CommandSpec(
            "tool", abstract: "",
            options: [.option("a-very-long-option-name", value: "SOMETHING", help: "Does it.")])
        #expect(ArgumentParser.helpText(for: [], spec: wide) == """
            Usage: tool [--a-very-long-option-name SOMETHING]

            Options:
                  --a-very-long-option-name SOMETHING
                                            Does it.
              -h, --help                    Show help information.
            """)
    }
}
