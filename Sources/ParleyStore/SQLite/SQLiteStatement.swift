internal import CSQLite

/// One compiled SQL statement; finalised when released.
///
/// Not `Sendable`: use it on the thread that uses its database. It keeps
/// the connection open, so it stays valid even if the `SQLiteDatabase` that
/// made it is released first.
public final class SQLiteStatement {
    /// The SQL text the statement was compiled from.
    public let sql: String

    let handle: OpaquePointer
    let connection: SQLiteConnection

    /// True while `forEachRow` runs, so the cache does not hand this statement out again.
    var isIterating = false

    init(connection: SQLiteConnection, sql: String, persistent: Bool) throws {
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        self.handle = try Self.compile(sql, on: connection.handle, flags: flags)
        self.connection = connection
        self.sql = sql
    }

    deinit {
        // finalize repeats the error of the last step, which was already thrown.
        sqlite3_finalize(handle)
    }

    private static func compile(_ sql: String, on db: OpaquePointer, flags: UInt32) throws -> OpaquePointer {
        try sql.withCString { text in
            var statement: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let resultCode = sqlite3_prepare_v3(db, text, -1, flags, &statement, &tail)
            guard resultCode == SQLITE_OK else {
                throw SQLiteError(resultCode: resultCode, handle: db, sql: sql)
            }
            guard let statement else {
                throw SQLiteError.misuse("the SQL holds no statement", sql: sql)
            }
            if let tail, tail.pointee != 0, holdsStatement(tail, on: db) {
                sqlite3_finalize(statement)
                throw SQLiteError.misuse(
                    "prepare takes a single statement; use execute(_:) for several", sql: sql)
            }
            return statement
        }
    }

    /// Whether the text after the first statement is more than whitespace and comments.
    private static func holdsStatement(_ text: UnsafePointer<CChar>, on db: OpaquePointer) -> Bool {
        var statement: OpaquePointer?
        let resultCode = sqlite3_prepare_v3(db, text, -1, 0, &statement, nil)
        sqlite3_finalize(statement)
        return resultCode != SQLITE_OK || statement != nil
    }

    /// The number of columns in each result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The number of `?` parameters.
    public var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// Rewinds the statement so it can run again; bindings are kept.
    public func reset() {
        // reset repeats the error of the last step, which was already thrown.
        sqlite3_reset(handle)
    }

    /// Sets every parameter back to NULL.
    public func clearBindings() {
        // Always SQLITE_OK.
        sqlite3_clear_bindings(handle)
    }

    /// Steps once: true when a row is available (read it through `row`), false when done.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        case let resultCode:
            throw SQLiteError(resultCode: resultCode, handle: connection.handle, sql: sql)
        }
    }

    /// Binds `values` (when not empty), steps to completion and resets; returns the rows changed.
    ///
    /// With no values, parameters bound earlier with `bind(_:_:)` are used.
    @discardableResult
    public func run(_ values: [SQLiteValue] = []) throws -> Int {
        if !values.isEmpty { try bind(values) }
        defer { reset() }
        while try step() {}
        return Int(sqlite3_changes64(connection.handle))
    }

    /// Binds `values` (when not empty), calls `body` for each row, and resets afterwards, also on error.
    ///
    /// The row is valid only during the call to `body`.
    public func forEachRow(_ values: [SQLiteValue] = [], _ body: (SQLiteRow) throws -> Void) throws {
        if !values.isEmpty { try bind(values) }
        isIterating = true
        defer {
            isIterating = false
            reset()
        }
        while try step() {
            try body(SQLiteRow(statement: self))
        }
    }

    /// The current row, after `step()` returned true. Valid until the next `step()` or `reset()`.
    public var row: SQLiteRow { SQLiteRow(statement: self) }
}
