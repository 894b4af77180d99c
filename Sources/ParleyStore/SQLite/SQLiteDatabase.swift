#if canImport(Glibc)
import Glibc
#endif
internal import CSQLite

/// One SQLite connection.
///
/// Not `Sendable`: use it from one thread at a time, on a dedicated thread
/// rather than inside a Swift concurrency task. Statements it hands out keep
/// the underlying connection open until they are released; everything is
/// finalised and closed when the last of them goes away.
public final class SQLiteDatabase {
    /// How a connection is opened and tuned.
    public struct Options: Sendable {
        /// Opens with `SQLITE_OPEN_READONLY` instead of read-write-create.
        public var readOnly = false
        /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
        public var busyTimeoutMilliseconds: Int32 = 5000
        /// The page cache size (`PRAGMA cache_size = -KiB`).
        public var cacheSizeKiB: Int = 64 * 1024
        /// Switches a file database to write-ahead logging; ignored for in-memory and read-only databases.
        public var walMode = true
        /// `PRAGMA synchronous = NORMAL`: durable across crashes of the process, safe with WAL.
        public var synchronousNormal = true

        public init() {}
    }

    /// The path (or URI) the connection was opened with.
    public let path: String

    let connection: SQLiteConnection

    /// Process-wide settings applied once, before the first connection opens.
    private static let libraryConfigured: Bool = {
        csqlite_disable_memory_statistics() == SQLITE_OK
    }()

    /// Prepared statements by their SQL text; see `cached(_:)`.
    private var statementCache = StatementTable()

    /// Opens (or creates) the database at `path` and applies the connection PRAGMAs.
    public init(path: String, options: Options = .init()) throws {
        _ = Self.libraryConfigured
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        flags |= options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        self.path = path
        self.connection = try SQLiteConnection(path: path, flags: flags)
        try configure(options)
    }

    deinit {
        // Release the cached statements first so they are finalised before
        // the connection (released after this body) is closed.
        statementCache = StatementTable()
    }

    private func configure(_ options: Options) throws {
        // The busy timeout comes first: switching to WAL takes a lock.
        // SQLite's own busy timeout sleeps 1, 2, 5 … 25 ms between tries, so a writer that meets another connection's
        // short transaction (the dispatcher's and the API's come by the hundred a second) loses milliseconds each time.
        // This handler retries every 100 µs for the first 20 ms, then every millisecond, up to the same timeout.
        let timeoutResult = options.busyTimeoutMilliseconds > 0
            ? sqlite3_busy_handler(connection.handle, sqliteBusyHandler,
                                   UnsafeMutableRawPointer(bitPattern: Int(options.busyTimeoutMilliseconds)))
            : sqlite3_busy_timeout(connection.handle, 0)
        guard timeoutResult == SQLITE_OK else {
            throw SQLiteError(resultCode: timeoutResult, handle: connection.handle, sql: nil)
        }
        let isMemory = path == ":memory:" || path.isEmpty
        if options.walMode && !options.readOnly && !isMemory {
            try execute("PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA foreign_keys = ON")
        if options.synchronousNormal {
            try execute("PRAGMA synchronous = NORMAL")
        }
        // PRAGMAs take no parameters; the interpolated value is an Int from
        // the options, never outside input. A negative size means KiB.
        try execute("PRAGMA cache_size = \(-options.cacheSizeKiB)")
        try execute("PRAGMA temp_store = MEMORY")
    }

    /// Runs SQL without parameters; it may hold several statements separated by semicolons.
    public func execute(_ sql: String) throws {
        let resultCode = sqlite3_exec(connection.handle, sql, nil, nil, nil)
        guard resultCode == SQLITE_OK else {
            throw SQLiteError(resultCode: resultCode, handle: connection.handle, sql: sql)
        }
    }

    /// Compiles one statement; the caller owns it.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        try SQLiteStatement(connection: connection, sql: sql, persistent: false)
    }

    /// Returns the cached statement for `sql`, compiling it on first use.
    ///
    /// The statement comes back reset with its bindings cleared. Meant for
    /// fixed SQL text: every distinct text stays cached for the life of the
    /// connection. A statement still inside `forEachRow` is not handed out
    /// again; a nested use of the same SQL gets a fresh, uncached statement.
    public func cached(_ sql: String) throws -> SQLiteStatement {
        if let statement = statementCache[sql] {
            if statement.isIterating {
                return try prepare(sql)
            }
            statement.reset()
            statement.clearBindings()
            return statement
        }
        let statement = try SQLiteStatement(connection: connection, sql: sql, persistent: true)
        statementCache.insert(statement)
        return statement
    }

    /// True between BEGIN and COMMIT or ROLLBACK (`!sqlite3_get_autocommit`).
    public var isInTransaction: Bool { sqlite3_get_autocommit(connection.handle) == 0 }

    /// The main database's data version when this connection is in a started read (not write) transaction, else nil.
    ///
    /// SQLite changes the number whenever a commit, by this or any other connection, reaches the snapshot, so two
    /// equal readings mean the same database content: a cache of parsed rows can be trusted without re-reading them.
    /// Outside a transaction the pager's number may predate the latest commit, and inside a write transaction this
    /// connection's own uncommitted changes do not move it, hence nil in both cases.
    public var readSnapshotVersion: UInt32? {
        guard sqlite3_txn_state(connection.handle, "main") == SQLITE_TXN_READ else { return nil }
        var version: UInt32 = 0
        guard sqlite3_file_control(connection.handle, "main", SQLITE_FCNTL_DATA_VERSION, &version) == SQLITE_OK else { return nil }
        return version
    }

    /// Rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(connection.handle)) }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(connection.handle) }

    /// The first column of the first row as an integer; nil when there is no row or it is NULL.
    public func scalarInt(_ sql: String, _ values: [SQLiteValue] = []) throws -> Int64? {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        guard try statement.step() else { return nil }
        let row = statement.row
        return row.isNull(0) ? nil : row.int64(0)
    }

    /// Copies the write-ahead log into the database file and truncates the log.
    ///
    /// Throws `SQLITE_BUSY` when readers or a writer kept it from completing.
    public func checkpoint() throws {
        var logFrames: Int32 = 0
        var checkpointedFrames: Int32 = 0
        let resultCode = sqlite3_wal_checkpoint_v2(
            connection.handle, nil, SQLITE_CHECKPOINT_TRUNCATE, &logFrames, &checkpointedFrames)
        guard resultCode == SQLITE_OK else {
            throw SQLiteError(
                resultCode: resultCode, handle: connection.handle,
                sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }
}

/// Prepared statements keyed by SQL text, in an open-addressed table probed linearly.
///
/// Statements are looked up several times per request, so the key is hashed on its length and a few of its bytes
/// rather than all of them (SipHash over a whole query cost more than the lookup saved). A probe compares the full
/// text, which is instant for the same literal (one storage, so equal raw bits), so statements that share the
/// sampled bytes only share a neighbourhood.
private struct StatementTable {
    private var slots: [SQLiteStatement?] = Array(repeating: nil, count: 32)
    private var count = 0

    subscript(sql: String) -> SQLiteStatement? {
        let mask = slots.count - 1
        var index = Self.hash(sql) & mask
        while let statement = slots[index] {
            if statement.sql == sql { return statement }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Adds a statement whose SQL is not in the table yet; grows to keep at most half the slots full.
    mutating func insert(_ statement: SQLiteStatement) {
        if (count + 1) * 2 > slots.count {
            let old = slots
            slots = Array(repeating: nil, count: old.count * 2)
            count = 0
            for case let statement? in old { insert(statement) }
        }
        let mask = slots.count - 1
        var index = Self.hash(statement.sql) & mask
        while slots[index] != nil { index = (index + 1) & mask }
        slots[index] = statement
        count += 1
    }

    private static func hash(_ sql: String) -> Int {
        let sample = sql.utf8.withContiguousStorageIfAvailable { bytes -> UInt64 in
            // The middle and the end tell apart statements that begin alike (SELECT … FROM the same table).
            let count = bytes.count
            guard count > 0 else { return 0 }
            return UInt64(count) << 24 | UInt64(bytes[count / 2]) << 16 | UInt64(bytes[count * 3 / 4]) << 8 | UInt64(bytes[count - 1])
        }
        // A string that is not contiguous UTF-8 (bridged; in practice never here) is hashed whole.
        guard let sample else { return sql.hashValue & Int.max }
        // Fibonacci hashing spreads the sample over the high bits, which the shift brings down.
        return Int(truncatingIfNeeded: (sample &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }
}

/// The busy handler (a C callback: never actor-isolated). `context` carries the timeout in milliseconds; `count` is
/// how many times this wait has already retried. Returns 0 to give up (SQLITE_BUSY reaches the caller).
private func sqliteBusyHandler(_ context: UnsafeMutableRawPointer?, _ count: Int32) -> Int32 {
    let timeoutMicroseconds = Int(bitPattern: context) * 1_000
    let fastTries = 200, fastSleep = 100, slowSleep = 1_000
    let waited = count < fastTries ? Int(count) * fastSleep : fastTries * fastSleep + (Int(count) - fastTries) * slowSleep
    guard waited < timeoutMicroseconds else { return 0 }
    usleep(useconds_t(count < fastTries ? fastSleep : slowSleep))
    return 1
}

