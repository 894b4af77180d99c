import Foundation
import ParleyApp
import ParleyCore
import ParleyCrypto
import ParleyStore

/// `parley-bench`: measures Parley against the floor of its own parts, in the same run, and prints JSON.
enum Bench {
    static func main(_ arguments: [String]) -> Int32 {
        do {
            switch arguments.first {
            case "cycle": try CycleBench(arguments: Array(arguments.dropFirst())).run()
            case "reference": try ReferenceInsert.run(directory: try value("--dir", in: arguments))
            case "http": try HTTPBench(arguments: Array(arguments.dropFirst())).run()
            case "outreach": try OutreachBench(arguments: Array(arguments.dropFirst())).run()
            default:
                FileHandle.standardError.write(Data("""
                usage: parley-bench cycle --loans N [--seed S] [--as-of YYYY-MM-DD] [--dir DIR]
                       parley-bench http [--seconds S] [--connections C]   (needs wrk)
                       parley-bench outreach [--borrowers N] [--concurrency C]
                       parley-bench reference --dir DIR   (internal: the SQLite floor, run as a child process)

                """.utf8))
                return 2
            }
            return 0
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }

    static func value(_ name: String, in arguments: [String]) throws -> String {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
            throw AppError.invalidInput("missing \(name)")
        }
        return arguments[index + 1]
    }

    /// Peak resident set size of this process, in MiB.
    static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func round3(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    /// CPU seconds the calling thread has used: less sensitive than wall time to a noisy machine.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Generate → import loans → import payments → first daily cycle, against the SQLite bulk-insert floor.
struct CycleBench {
    let loans: Int
    let seed: UInt64
    let asOf: CivilDate
    let directory: String

    init(arguments: [String]) throws {
        loans = Int((try? Bench.value("--loans", in: arguments)) ?? "1000000") ?? 1_000_000
        seed = UInt64((try? Bench.value("--seed", in: arguments)) ?? "7") ?? 7
        asOf = CivilDate(iso: (try? Bench.value("--as-of", in: arguments)) ?? "2026-12-01") ?? CivilDate(iso: "2026-12-01")!
        directory = (try? Bench.value("--dir", in: arguments))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("parley-bench-\(getpid())").path
    }

    func run() throws {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dbPath = directory + "/parley.db"

        var summary: SyntheticBook.Summary?
        let generate = try Bench.seconds { summary = try SyntheticBook.write(.init(loans: loans, seed: seed, asOf: asOf), to: directory) }
        let payments = summary?.payments ?? 0

        let store = try SQLiteStore(path: dbPath, sha256: Sodium.sha256)
        let importer = Importer(store: store, lenderID: "default")
        var loanReport: ImportReport?, paymentReport: ImportReport?
        let importLoans = try Bench.seconds { loanReport = try importer.importLoans(path: directory + "/loans.csv") }
        let importPayments = try Bench.seconds { paymentReport = try importer.importPayments(path: directory + "/payments.csv") }
        var cycleSummary: CycleSummary?
        let cycle = try Bench.seconds { cycleSummary = try DailyCycle(store: store, lenderID: "default").run(asOf: asOf) }
        let peak = Bench.peakRSSMiB()

        let reference = try runReference()
        let referenceSeconds = reference["seconds"] as? Double ?? .nan
        let parley = importLoans + importPayments + cycle
        let result: [String: Any] = [
            "benchmark": "cycle",
            "loans": loans,
            "payments": payments,
            "as_of": asOf.description,
            "phases": [
                "generate": phase(generate, rows: loans + payments),
                "import_loans": phase(importLoans, rows: loanReport?.inserted ?? 0),
                "import_payments": phase(importPayments, rows: paymentReport?.inserted ?? 0),
                "cycle": phase(cycle, rows: cycleSummary?.loansChecked ?? 0),
            ],
            "cases_opened": cycleSummary?.openedToday ?? 0,
            "peak_rss_mib": Bench.round3(peak),
            "reference": reference,
            "import_plus_cycle_seconds": Bench.round3(parley),
            "ratio_to_reference": Bench.round3(parley / referenceSeconds),
            "target": ["ratio_at_most": 5, "peak_rss_mib_below": 500],
            "meets_target": parley / referenceSeconds <= 5 && peak < 500,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }

    func phase(_ seconds: Double, rows: Int) -> [String: Any] {
        ["seconds": Bench.round3(seconds), "rows": rows, "rows_per_second": Int(Double(rows) / max(seconds, 1e-9))]
    }

    /// Runs the reference in a child process so its in-memory rows do not count against Parley's peak memory.
    func runReference() throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["reference", "--dir", directory]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw AppError.invalidInput("the reference run failed (exit \(process.terminationStatus))")
        }
        return json
    }
}
