import Foundation
import ParleyCore
import ParleyStore

/// Runs one parsed `parley` command. `main` only calls `CommandRunner.main`.
public struct CommandRunner {
    let console: any Console
    let environment: [String: String]

    public init(console: any Console, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.console = console
        self.environment = environment
    }

    /// Parses, runs and maps every error to one stderr line and an exit code (0 ok, 1 failure, 2 usage).
    public func main(_ arguments: [String]) -> Int32 {
        let command: ParsedCommand
        do { command = try ArgumentParser.parse(arguments, spec: ParleyCommands.spec) } catch {
            console.err("error: \(error)")
            console.err("Run \"parley --help\" for usage.")
            return ExitCode.usage.rawValue
        }
        if command.helpRequested || command.path.isEmpty {
            console.out(ArgumentParser.helpText(for: command.path, spec: ParleyCommands.spec))
            return ExitCode.ok.rawValue
        }
        do {
            try run(command)
            return ExitCode.ok.rawValue
        } catch let error as CommandUsageError {
            console.err("error: \(error.message)")
            return ExitCode.usage.rawValue
        } catch let error as ImportFailure {
            console.err("error: \(error.reason)")
            return ExitCode.failure.rawValue
        } catch {
            console.err("error: \(error)")
            return ExitCode.failure.rawValue
        }
    }

    func run(_ command: ParsedCommand) throws {
        let location = DatabaseLocation(option: command.option("db"), environment: environment)
        let lenderID = command.option("lender") ?? "default"
        switch command.path {
        case ["init"]:
            let store = try location.open(create: true)
            let lenders = try store.lenders()
            if command.flag("json") {
                console.out((["database": .string(location.path), "schema_version": .int(Int64(store.schemaVersion)),
                              "lenders": .array(lenders.map { .string($0.id) })] as JSONValue).canonical)
            } else {
                console.out("Database ready at \(location.path) (schema version \(store.schemaVersion)); lenders: \(lenders.map(\.id).joined(separator: ", ")).")
            }
        case ["lender", "add"]:
            let id = try command.requiredPositional("ID")
            guard RowValidation.isSlug(id) else {
                throw CommandUsageError("lender id \"\(id)\" must be 1–64 characters of a-z, 0-9, '-' or '_'")
            }
            let store = try location.open(create: true)
            try store.upsertLender(Lender(id: id, name: try command.requiredOption("name")))
            console.out("Lender \(id) saved.")
        case ["lender", "list"]:
            let lenders = try location.open(create: false).lenders()
            if command.flag("json") {
                console.out(JSONValue.array(lenders.map { ["id": .string($0.id), "name": .string($0.name)] }).canonical)
            } else {
                for lender in lenders { console.out("\(lender.id)\t\(lender.name)") }
            }
        case ["import", "loans"], ["import", "payments"]:
            try runImport(command, location: location, lenderID: lenderID)
        case ["dues"]:
            let asOf = try date(command, "as-of")
            let store = try location.open(create: false)
            let dues = try DuesService(store: store).dues(lenderID: lenderID, loanID: try command.requiredPositional("LOAN_ID"), asOf: asOf)
            console.out(command.flag("json") ? dues.json.canonical : dues.text)
        case ["cycle"]:
            let asOf = try date(command, "as-of")
            let store = try location.open(create: false)
            var cycle = DailyCycle(store: store, lenderID: lenderID)
            if let batch = environment["PARLEY_CYCLE_BATCH"].flatMap(Int.init), batch > 0 { cycle.batchSize = batch }
            let console = self.console
            cycle.progress = { checked in console.progress("cycle \(asOf): \(checked) loans checked") }
            let summary = try cycle.run(asOf: asOf)
            console.endProgress()
            let planning = OutreachPlanning(store: store, lenderID: lenderID,
                                            baseURL: command.option("base-url") ?? environment["PARLEY_BASE_URL"] ?? "http://127.0.0.1:8080",
                                            providers: try OutreachConfiguration.providers(command, environment))
            let outreach = try planning.run(asOf: asOf)
            if command.flag("json") {
                guard case .object(var members) = summary.json else { return }
                members["outreach"] = outreach.json
                console.out(JSONValue.object(members).canonical)
            } else {
                console.out(summary.text + "\n" + outreach.text)
            }
        case ["case", "list"]:
            try CaseCommands(console: console, store: try location.open(create: false), lenderID: lenderID).list(command)
        case ["case", "show"]:
            try CaseCommands(console: console, store: try location.open(create: false), lenderID: lenderID).show(command)
        case ["case", "verify"]:
            try CaseCommands(console: console, store: try location.open(create: false), lenderID: lenderID).verify(command)
        case ["policy", "show"]:
            let store = try location.open(create: false)
            guard try store.lender(id: lenderID) != nil else { throw StoreError.unknownLender(lenderID) }
            console.out(try store.policy(lenderID: lenderID).json.pretty)
        case ["policy", "set"]:
            let path = try command.requiredPositional("FILE")
            guard let data = FileManager.default.contents(atPath: path) else { throw AppError.invalidInput("cannot read \(path)") }
            guard let text = String(data: data, encoding: .utf8) else { throw AppError.invalidInput("\(path) is not UTF-8 text") }
            let policy: LenderPolicy
            do { policy = try LenderPolicy.parse(text) } catch { throw AppError.invalidInput("\(path): \(error)") }
            let store = try location.open(create: false)
            try store.savePolicy(policy, lenderID: lenderID)
            console.out("Policy of \(lenderID) updated.")
        case ["generate"]:
            try runGenerate(command)
        case ["dispatch"], ["template", "preview"], ["template", "set"], ["push", "register"]:
            try OutreachCommands(console: console, environment: environment, location: location).run(command)
        case ["optout"], ["hold", "set"], ["hold", "clear"]:
            try ContactCommands(console: console, store: try location.open(create: false), lenderID: lenderID).run(command)
        case ["serve"], ["user", "add"], ["apikey", "create"], ["apikey", "revoke"], ["link", "issue"], ["outbox", "list"]:
            try AccessCommands(console: console, environment: environment, location: location).run(command)
        default:
            console.out(ArgumentParser.helpText(for: command.path, spec: ParleyCommands.spec))
        }
    }

    func date(_ command: ParsedCommand, _ option: String) throws -> CivilDate {
        let text = try command.requiredOption(option)
        guard let date = CivilDate(iso: text) else {
            throw CommandUsageError("--\(option) \"\(text)\" is not a date YYYY-MM-DD")
        }
        return date
    }

    private func runImport(_ command: ParsedCommand, location: DatabaseLocation, lenderID: String) throws {
        let path = try command.requiredPositional("FILE")
        guard FileManager.default.isReadableFile(atPath: path) else { throw AppError.invalidInput("cannot read \(path)") }
        let store = try location.open(create: true)
        var options = Importer.Options()
        options.skipBadRows = command.flag("skip-bad-rows")
        options.rejectsPath = command.option("rejects")
        let console = self.console
        let name = (path as NSString).lastPathComponent
        options.progress = { rows, bytes, size in
            let percent = size > 0 ? " (\(bytes * 100 / size)%)" : ""
            console.progress("importing \(name): \(rows) rows\(percent)")
        }
        let importer = Importer(store: store, lenderID: lenderID)
        let report = command.path[1] == "loans"
            ? try importer.importLoans(path: path, options: options)
            : try importer.importPayments(path: path, options: options)
        console.endProgress()
        if command.flag("json") {
            console.out(report.json.canonical)
        } else {
            var line = "Imported \(report.kind.rawValue) from \(path): \(report.inserted) new, \(report.unchanged) unchanged"
            if report.rejectedCount > 0 {
                line += ", \(report.rejectedCount) rejected" + (options.rejectsPath.map { " (see \($0))" } ?? "")
            }
            console.out(line + ".")
        }
    }

    private func runGenerate(_ command: ParsedCommand) throws {
        guard let loans = try command.int("loans"), loans >= 1, loans <= 50_000_000 else {
            throw CommandUsageError("--loans must be between 1 and 50000000")
        }
        let seedText = command.option("seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw CommandUsageError("--seed \"\(seedText)\" is not a whole number") }
        let asOf = command.option("as-of") == nil ? Clock.todayUTC() : try date(command, "as-of")
        let out = try command.requiredOption("out")
        let summary = try SyntheticBook.write(.init(loans: loans, seed: seed, asOf: asOf), to: out)
        if command.flag("json") {
            console.out((["loans": .int(Int64(summary.loans)), "payments": .int(Int64(summary.payments)),
                          "borrowers": .int(Int64(summary.borrowers)), "as_of": .string(asOf.description),
                          "by_behaviour": .object(summary.byBehaviour.mapValues { .int(Int64($0)) })] as JSONValue).canonical)
        } else {
            console.out("Wrote \(summary.loans) loans (\(summary.borrowers) borrowers) and \(summary.payments) payments up to \(asOf) to \(out)/loans.csv and \(out)/payments.csv.")
        }
    }
}

/// A command line that parsed but makes no sense (exit code 2).
struct CommandUsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The wall clock, kept at the edge.
enum Clock {
    static func todayUTC() -> CivilDate {
        Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)).utcDate
    }
}
