import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

/// Kills the real binary with SIGKILL mid-cycle, reruns it, and compares with one clean run.
@Suite("Crash safety of the daily cycle", .serialized)
struct CrashSafetyTests {
    let scratch = Scratch()

    func dump(_ path: String) throws -> [String] {
        let db = try SQLiteDatabase(path: path)
        var rows: [String] = []
        try db.prepare("""
            SELECT id, lender_id, loan_key, status, is_open, holds, event_count, last_hash, opened_at, updated_at, ever_agreed
            FROM cases ORDER BY id
            """).forEachRow { row in rows.append((Int32(0)..<11).map { "\(row.value($0))" }.joined(separator: "|")) }
        try db.prepare("""
            SELECT id, case_key, seq, type, at, actor_kind, actor_id, rule, inputs, data, prev_hash, hash FROM events ORDER BY id
            """).forEachRow { row in rows.append((Int32(0)..<12).map { "\(row.value($0))" }.joined(separator: "|")) }
        return rows
    }

    func caseCount(_ path: String) throws -> Int64 {
        try SQLiteDatabase(path: path).scalarInt("SELECT count(*) FROM cases") ?? 0
    }

    func outboxCount(_ path: String) throws -> Int64 {
        try SQLiteDatabase(path: path).scalarInt("SELECT count(*) FROM outbox") ?? 0
    }

    /// The outbox as planned (the personal links in bodies are random, so bodies are left out).
    func outboxDump(_ path: String) throws -> [String] {
        var rows: [String] = []
        try SQLiteDatabase(path: path).prepare("""
            SELECT idempotency_key, case_key, channel, template, language, destination, status, planned_at, due_at, fallbacks, window, segment
            FROM outbox ORDER BY idempotency_key
            """).forEachRow { row in rows.append((Int32(0)..<12).map { "\(row.value($0))" }.joined(separator: "|")) }
        return rows
    }

    @Test func killedAndRerunEqualsOneCleanRun() throws {
        let book = scratch.path + "/book"
        _ = try SyntheticBook.write(.init(loans: 4_000, seed: 11, asOf: CivilDate(iso: "2026-12-01")!), to: book)
        let base = scratch.file("base.db")
        #expect(try Binary.run(["import", "loans", book + "/loans.csv", "--db", base]).status == 0)
        #expect(try Binary.run(["import", "payments", book + "/payments.csv", "--db", base]).status == 0)
        let clean = scratch.file("clean.db"), crashed = scratch.file("crashed.db")
        try FileManager.default.copyItem(atPath: base, toPath: clean)
        try FileManager.default.copyItem(atPath: base, toPath: crashed)

        let environment = ["PARLEY_CYCLE_BATCH": "25"]
        let start = Date()
        #expect(try Binary.run(["cycle", "--as-of", "2026-12-01", "--db", clean], environment: environment).status == 0)
        let cleanSeconds = Date().timeIntervalSince(start)
        let finalCount = try caseCount(clean)
        let finalOutbox = try outboxCount(clean)
        #expect(finalCount > 100)
        #expect(finalOutbox == finalCount, "every case opened today gets its day-0 message planned")

        // Each attempt: a fresh copy, killed once or twice at random points, then rerun to completion.
        var generator = SystemRandomNumberGenerator()
        var partialKills = 0
        let cleanRows = try dump(clean), cleanOutbox = try outboxDump(clean)
        for attempt in 0..<8 where partialKills < 3 || attempt < 3 {
            try? FileManager.default.removeItem(atPath: crashed)
            try FileManager.default.copyItem(atPath: base, toPath: crashed)
            for _ in 0..<(attempt % 2 + 1) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Binary.parley)
                process.arguments = ["cycle", "--as-of", "2026-12-01", "--db", crashed]
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(useconds_t(cleanSeconds * Double.random(in: 0.2...0.8, using: &generator) * 1_000_000))
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                let count = try caseCount(crashed), planned = try outboxCount(crashed)
                if process.terminationReason == .uncaughtSignal && count > 0 && (count < finalCount || planned < finalOutbox) { partialKills += 1 }
            }
            #expect(try Binary.run(["cycle", "--as-of", "2026-12-01", "--db", crashed], environment: environment).status == 0)
            let crashedRows = try dump(crashed)
            #expect(crashedRows.count == cleanRows.count)
            #expect(crashedRows == cleanRows, "attempt \(attempt) differs from the clean run")
            #expect(try outboxDump(crashed) == cleanOutbox, "attempt \(attempt) planned different outreach")
        }
        #expect(partialKills >= 1, "no kill landed mid-run")
        // And the crashed database's summary counts the day once.
        let summary = try JSONParser.parse(try Binary.run(["cycle", "--as-of", "2026-12-01", "--db", crashed, "--json"]).stdout)
        #expect(summary["cases_opened"] == .int(finalCount))
    }

    @Test func killedImportLeavesNothingAndRerunImportsAll() throws {
        let book = scratch.path + "/book"
        _ = try SyntheticBook.write(.init(loans: 20_000, seed: 3, asOf: CivilDate(iso: "2026-12-01")!), to: book)
        let db = scratch.file("import.db")
        #expect(try Binary.run(["init", "--db", db]).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.parley)
        process.arguments = ["import", "loans", book + "/loans.csv", "--db", db]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(150_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let afterKill = try SQLiteDatabase(path: db).scalarInt("SELECT count(*) FROM loans") ?? -1
        #expect(afterKill == 0 || afterKill == 20_000)
        #expect(try Binary.run(["import", "loans", book + "/loans.csv", "--db", db]).status == 0)
        #expect(try SQLiteDatabase(path: db).scalarInt("SELECT count(*) FROM loans") == 20_000)
    }
}
