import Foundation
import Testing

@testable import ParleyStore

/// A database file in a fresh temporary directory, removed when released.
private final class TemporaryDatabase {
    let directory: URL
    let path: String
    let db: SQLiteDatabase

    init(options: SQLiteDatabase.Options = .init()) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-sqlite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("test.sqlite").path
        db = try SQLiteDatabase(path: path, options: options)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

private struct Boom: Error, Equatable {}

private func count(_ db: SQLiteDatabase, _ table: String = "t") throws -> Int64? {
    try db.scalarInt("SELECT count(*) FROM \(table)")
}

@Suite("SQLiteDatabase")
struct SQLiteDatabaseTests {
    @Test func opensFileInWALModeWithPragmas() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        let path = temporary.path
        var journalMode = ""
        try db.prepare("PRAGMA journal_mode").forEachRow { journalMode = $0.string(0) }
        #expect(journalMode == "wal")
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try db.scalarInt("PRAGMA synchronous") == 1)
        #expect(try db.scalarInt("PRAGMA temp_store") == 2)
        #expect(try db.scalarInt("PRAGMA cache_size") == -65536)
        #expect(db.path == path)
        #expect(!db.isInTransaction)
    }

    @Test func inMemoryDatabaseSkipsWAL() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        var journalMode = ""
        try db.prepare("PRAGMA journal_mode").forEachRow { journalMode = $0.string(0) }
        #expect(journalMode == "memory")
        #expect(try db.scalarInt("PRAGMA foreign_keys") == 1)
    }

    @Test func roundTripsEveryStorageClass() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let insert = try db.prepare("INSERT INTO t (id, i, r, s, b, n) VALUES (?, ?, ?, ?, ?, ?)")
        let hindi = "नमस्ते"
        let withNUL = "a\u{0}b"
        let bytes: [UInt8] = [0, 1, 0, 255, 0]

        try insert.bind(1, 1 as Int)
        try insert.bind(2, Int64.max)
        try insert.bind(3, 2.5)
        try insert.bind(4, hindi)
        try insert.bind(5, bytes)
        try insert.bind(6, nil as String?)
        #expect(try insert.run() == 1)
        #expect(db.lastInsertRowID == 1)

        try insert.bind(1, 2 as Int64)
        try insert.bind(2, nil as Int64?)
        try insert.bindNull(3)
        try insert.bind(4, withNUL)
        try insert.bind(5, [UInt8]())
        try insert.bind(6, "" as String?)
        try insert.run()

        try insert.run([.integer(3), .integer(-7), .real(-0.125), .text(""), .null, .text("x")])

        var rows: [[SQLiteValue]] = []
        try db.prepare("SELECT id, i, r, s, b, n FROM t ORDER BY id").forEachRow { row in
            rows.append((0..<6).map { row.value($0) })
            if row.int(0) == 1 {
                #expect(row.int64(1) == Int64.max)
                #expect(row.double(2) == 2.5)
                #expect(row.string(3) == hindi)
                #expect(row.blob(4) == bytes)
                #expect(row.isNull(5))
                #expect(row.optionalString(5) == nil)
                #expect(row.string(5) == "")
            }
            if row.int(0) == 2 {
                #expect(row.optionalInt64(1) == nil)
                #expect(row.string(3) == withNUL)
                #expect(row.string(3).utf8.count == 3)
                #expect(row.blob(4) == [])
                #expect(!row.isNull(4))
                #expect(row.optionalString(5) == "")
            }
        }
        #expect(rows == [
            [.integer(1), .integer(Int64.max), .real(2.5), .text(hindi), .blob(bytes), .null],
            [.integer(2), .null, .null, .text(withNUL), .blob([]), .text("")],
            [.integer(3), .integer(-7), .real(-0.125), .text(""), .null, .text("x")],
        ])
        // The text really is stored with its embedded NUL, not truncated.
        #expect(try db.scalarInt("SELECT length(CAST(s AS BLOB)) FROM t WHERE id = 2") == 3)
        #expect(try db.scalarInt("SELECT length(b) FROM t WHERE id = 1") == 5)
    }

    @Test func uniqueViolationKeepsBoundValueOutOfDescription() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
        let sql = "INSERT INTO users (email) VALUES (?)"
        try db.cached(sql).run([.text("secret@example.com")])
        let error = #expect(throws: SQLiteError.self) {
            try db.cached(sql).run([.text("secret@example.com")])
        }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.isConstraintViolation == true)
        #expect(error?.isBusy == false)
        #expect(error?.code == 19)
        #expect(error?.extendedCode == 2067)
        #expect(error?.sql == sql)
        let description = error.map(String.init(describing:)) ?? ""
        #expect(description.contains(sql))
        #expect(description.contains("UNIQUE"))
        #expect(!description.contains("secret"))

        let primaryKey = #expect(throws: SQLiteError.self) {
            try db.prepare("INSERT INTO users (id, email) VALUES (?, ?)").run([.integer(1), .text("b")])
        }
        #expect(primaryKey?.isUniqueViolation == true)
        #expect(try count(db, "users") == 1)
    }

    @Test func foreignKeyViolationThrows() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id));
            INSERT INTO parent (id) VALUES (1);
            """)
        try db.prepare("INSERT INTO child (parent_id) VALUES (?)").run([.integer(1)])
        let error = #expect(throws: SQLiteError.self) {
            try db.prepare("INSERT INTO child (parent_id) VALUES (?)").run([.integer(42)])
        }
        #expect(error?.isConstraintViolation == true)
        #expect(error?.isForeignKeyViolation == true)
        #expect(error?.isUniqueViolation == false)
        #expect(try count(db, "child") == 1)
    }

    @Test func transactionCommitsAndReturnsValue() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (x INTEGER)")
        let id = try db.transaction {
            #expect(db.isInTransaction)
            try db.cached("INSERT INTO t (x) VALUES (?)").run([.integer(5)])
            return db.lastInsertRowID
        }
        #expect(id == 1)
        #expect(!db.isInTransaction)
        #expect(try db.scalarInt("SELECT x FROM t") == 5)
    }

    @Test(arguments: [TransactionKind.deferred, .immediate, .exclusive])
    func transactionRollsBackOnThrownError(kind: TransactionKind) throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (x INTEGER); INSERT INTO t (x) VALUES (1)")
        #expect(throws: Boom()) {
            try db.transaction(kind) {
                try db.execute("INSERT INTO t (x) VALUES (2); UPDATE t SET x = 10")
                #expect(try count(db) == 2)
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try count(db) == 1)
        #expect(try db.scalarInt("SELECT x FROM t") == 1)
    }

    @Test func transactionsDoNotNest() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (x INTEGER)")
        let error = #expect(throws: SQLiteError.self) {
            try db.transaction {
                try db.execute("INSERT INTO t (x) VALUES (1)")
                try db.transaction { }
            }
        }
        #expect(error?.sql == "BEGIN IMMEDIATE TRANSACTION")
        #expect(!db.isInTransaction)
        #expect(try count(db) == 0)
    }

    @Test func nestedSavepointRollsBackOnlyItsOwnWork() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (x INTEGER)")
        let insert = "INSERT INTO t (x) VALUES (?)"
        try db.transaction {
            try db.cached(insert).run([.integer(1)])
            try db.savepoint("outer") {
                try db.cached(insert).run([.integer(2)])
                #expect(throws: Boom()) {
                    try db.savepoint("inner \"quoted\"") {
                        try db.cached(insert).run([.integer(3)])
                        throw Boom()
                    }
                }
                #expect(db.isInTransaction)
                try db.cached(insert).run([.integer(4)])
            }
        }
        var values: [Int64] = []
        try db.prepare("SELECT x FROM t ORDER BY x").forEachRow { values.append($0.int64(0)) }
        #expect(values == [1, 2, 4])

        // A savepoint outside a transaction commits on release and rolls back on error.
        try db.savepoint("alone") { try db.cached(insert).run([.integer(5)]) }
        #expect(throws: Boom()) {
            try db.savepoint("alone") {
                try db.cached(insert).run([.integer(6)])
                throw Boom()
            }
        }
        #expect(!db.isInTransaction)
        #expect(try count(db) == 4)
    }

    @Test func statementCacheReturnsSameResetStatement() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)")
        let sql = "SELECT x FROM t WHERE x >= ? ORDER BY x"
        let first = try db.cached(sql)
        try first.bind(1, 2 as Int)
        #expect(try first.step())
        #expect(first.row.int64(0) == 2)

        // Left mid-iteration with a binding: comes back reset, bindings cleared.
        let second = try db.cached(sql)
        #expect(first === second)
        #expect(try !second.step())  // x >= NULL matches nothing
        second.reset()
        try second.bind(1, 3 as Int64)
        #expect(try second.step())
        #expect(second.row.int64(0) == 3)
        #expect(try !second.step())

        // A nested use of the same SQL during forEachRow gets its own statement.
        var pairs: [[Int64]] = []
        try db.cached(sql).forEachRow([.integer(2)]) { outer in
            let inner = try db.cached(sql)
            #expect(inner !== first)
            try inner.forEachRow([.integer(outer.int64(0))]) { pairs.append([outer.int64(0), $0.int64(0)]) }
        }
        #expect(pairs == [[2, 2], [2, 3], [3, 3]])
        #expect(try db.cached(sql) === first)
        #expect(try db.prepare(sql) !== first)
    }

    @Test func scalarIntReturnsNilForNoRowOrNull() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t (x INTEGER)")
        #expect(try db.scalarInt("SELECT x FROM t") == nil)
        #expect(try db.scalarInt("SELECT NULL") == nil)
        #expect(try db.scalarInt("SELECT ? + ?", [.integer(40), .integer(2)]) == 42)
        try db.execute("INSERT INTO t VALUES (1), (2)")
        #expect(try db.scalarInt("SELECT count(*) FROM t WHERE x > ?", [.integer(0)]) == 2)
        try db.prepare("UPDATE t SET x = x + 1").run()
        #expect(db.changes == 2)
    }

    @Test func misuseAndSyntaxErrorsCarryTheSQL() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        let twoStatements = "SELECT 1; SELECT 2"
        let multiple = #expect(throws: SQLiteError.self) { try db.prepare(twoStatements) }
        #expect(multiple?.sql == twoStatements)
        // Trailing whitespace and comments are not a second statement.
        #expect(try db.prepare("SELECT 1; -- done\n").columnCount == 1)

        let syntax = #expect(throws: SQLiteError.self) { try db.prepare("SELEC 1") }
        #expect(syntax?.code == 1)
        #expect(syntax?.sql == "SELEC 1")

        let statement = try db.prepare("SELECT ?, ?")
        #expect(statement.parameterCount == 2)
        #expect(throws: SQLiteError.self) { try statement.bind([.integer(1)]) }
        let range = #expect(throws: SQLiteError.self) { try statement.bind(3, 1 as Int) }
        #expect(range?.code == 25)  // SQLITE_RANGE
        #expect(range?.description.contains("parameter 3") == true)
    }

    @Test func statementOutlivesItsDatabaseObject() throws {
        var db: SQLiteDatabase? = try SQLiteDatabase(path: ":memory:")
        try db?.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7)")
        let statement = try db?.prepare("SELECT x FROM t")
        _ = try db?.cached("SELECT count(*) FROM t")
        db = nil
        #expect(try statement?.step() == true)
        #expect(statement?.row.int64(0) == 7)
    }

    @Test func readOnlyConnectionRejectsWrites() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        let path = temporary.path
        try db.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
        var options = SQLiteDatabase.Options()
        options.readOnly = true
        let reader = try SQLiteDatabase(path: path, options: options)
        #expect(try count(reader) == 1)
        let error = #expect(throws: SQLiteError.self) { try reader.execute("INSERT INTO t VALUES (2)") }
        #expect(error?.code == 8)  // SQLITE_READONLY
    }

    @Test func aBlockedWriterWaitsForTheLockThenGivesUpAtTheTimeout() throws {
        let temporary = try TemporaryDatabase()
        try temporary.db.execute("CREATE TABLE t (x INTEGER)")
        var options = SQLiteDatabase.Options()
        options.busyTimeoutMilliseconds = 300
        let waiter = try SQLiteDatabase(path: temporary.path, options: options)

        // Held throughout: the write gives up with SQLITE_BUSY after about the timeout, not at once and not much later.
        try temporary.db.execute("BEGIN IMMEDIATE")
        let start = DispatchTime.now().uptimeNanoseconds
        let error = #expect(throws: SQLiteError.self) { try waiter.execute("INSERT INTO t VALUES (1)") }
        let waited = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        #expect(error?.isBusy == true)
        #expect(waited >= 290 && waited < 3_000, "waited \(waited) ms")
        try temporary.db.execute("COMMIT")

        // Released 50 ms into the wait: the write goes through, within a few milliseconds of the release.
        try temporary.db.execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (2)")
        let holder = temporary.db
        nonisolated(unsafe) let release = holder
        let thread = Thread {
            usleep(50_000)
            try? release.execute("COMMIT")
        }
        thread.start()
        let blockedAt = DispatchTime.now().uptimeNanoseconds
        try waiter.execute("INSERT INTO t VALUES (3)")
        let blocked = Double(DispatchTime.now().uptimeNanoseconds - blockedAt) / 1e6
        #expect(blocked >= 40 && blocked < 250, "blocked \(blocked) ms")
        #expect(try count(waiter) == 2)
    }

    @Test func openFailureThrows() {
        let error = #expect(throws: SQLiteError.self) {
            try SQLiteDatabase(path: "/nonexistent-directory-\(UUID().uuidString)/db.sqlite")
        }
        #expect(error?.code == 14)  // SQLITE_CANTOPEN
    }

    @Test func checkpointTruncatesTheLog() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        let path = temporary.path
        try db.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)")
        let wal = path + "-wal"
        let before = try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0
        #expect(before > 0)
        try db.checkpoint()
        let after = try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? -1
        #expect(after == 0)
        #expect(try count(db) == 1)
    }

    @Test func bulkInsertOfHundredThousandRowsInOneTransaction() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, label TEXT NOT NULL)")
        let rows = 100_000
        try db.transaction {
            let insert = try db.cached("INSERT INTO t (n, label) VALUES (?, ?)")
            for n in 0..<rows {
                try insert.bind(1, n)
                try insert.bind(2, "row")
                try insert.run()
            }
        }
        #expect(try count(db) == Int64(rows))
        #expect(try db.scalarInt("SELECT sum(n) FROM t") == Int64(rows * (rows - 1) / 2))
    }
}

@Suite("Migrator")
struct MigratorTests {
    let migrations = [
        Migration(version: 1, name: "accounts", sql: "CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)"),
        Migration(version: 2, name: "loans", sql: """
            CREATE TABLE loans (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES accounts(id));
            CREATE INDEX loans_account ON loans (account_id);
            """),
    ]

    @Test func appliesPendingMigrationsOnce() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        #expect(try Migrator.currentVersion(db) == 0)
        #expect(try Migrator.migrate(db, migrations) == [1, 2])
        #expect(try Migrator.currentVersion(db) == 2)
        #expect(try Migrator.migrate(db, migrations) == [])
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name IN ('accounts', 'loans')") == 2)

        let third = Migration(version: 3, name: "notes", sql: "ALTER TABLE loans ADD COLUMN note TEXT")
        #expect(try Migrator.migrate(db, migrations + [third]) == [3])
        #expect(try Migrator.currentVersion(db) == 3)
    }

    @Test func newerDatabaseIsRefused() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        try db.execute("PRAGMA user_version = 5")
        #expect(throws: MigrationError.databaseIsNewer(found: 5, known: 2)) {
            try Migrator.migrate(db, migrations)
        }
        #expect(try Migrator.currentVersion(db) == 5)
    }

    @Test func failedMigrationLeavesTheLastCompleteVersion() throws {
        let temporary = try TemporaryDatabase()
        let db = temporary.db
        let broken = Migration(version: 3, name: "broken", sql: "CREATE TABLE notes (x INTEGER); NOT SQL")
        let error = #expect(throws: SQLiteError.self) { try Migrator.migrate(db, migrations + [broken]) }
        #expect(error?.sql == broken.sql)
        #expect(try Migrator.currentVersion(db) == 2)
        #expect(try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE name = 'notes'") == 0)
        #expect(!db.isInTransaction)
    }

    @Test func malformedSequencesAreRejected() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        let one = Migration(version: 1, name: "one", sql: "SELECT 1")
        let two = Migration(version: 2, name: "two", sql: "SELECT 2")
        for list in [[two], [one, one], [one, two, one]] {
            #expect(throws: MigrationError.self) { try Migrator.migrate(db, list) }
        }
        #expect(try Migrator.currentVersion(db) == 0)
        #expect(try Migrator.migrate(db, []) == [])
    }
}
