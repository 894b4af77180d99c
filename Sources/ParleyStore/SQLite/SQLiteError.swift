internal import CSQLite

/// A failed SQLite call: the result codes, SQLite's message and the SQL.
///
/// Bound values are never recorded, so the description is safe to log.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …).
    public let code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …).
    public let extendedCode: Int32
    /// SQLite's explanation (`sqlite3_errmsg`).
    public let message: String
    /// The SQL being run, if any; never the values bound to it.
    public let sql: String?

    /// Creates an error from its parts.
    public init(code: Int32, extendedCode: Int32, message: String, sql: String?) {
        self.code = code
        self.extendedCode = extendedCode
        self.message = message
        self.sql = sql
    }

    /// True for any constraint failure: unique, foreign key, check, not null.
    public var isConstraintViolation: Bool { code == SQLITE_CONSTRAINT }

    /// True when a UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        extendedCode == CSQLITE_CONSTRAINT_UNIQUE || extendedCode == CSQLITE_CONSTRAINT_PRIMARYKEY
    }

    /// True when a foreign key constraint failed.
    public var isForeignKeyViolation: Bool { extendedCode == CSQLITE_CONSTRAINT_FOREIGNKEY }

    /// True when the database stayed locked by another connection past the busy timeout.
    public var isBusy: Bool { code == SQLITE_BUSY }

    public var description: String {
        var text = "SQLite error \(code) (extended \(extendedCode)): \(message)"
        if let sql { text += " — SQL: \(sql)" }
        return text
    }
}

extension SQLiteError {
    /// Reads the error state of `handle` after a call returned `resultCode`.
    ///
    /// Some calls (misuse, for example) fail without recording an error on
    /// the connection; then the connection's message belongs to an earlier
    /// failure, so the generic text for the code is used instead.
    init(resultCode: Int32, handle: OpaquePointer?, sql: String?, detail: String? = nil) {
        let primary = resultCode & 0xFF
        var extended = resultCode
        var message: String
        if let handle, sqlite3_errcode(handle) & 0xFF == primary {
            extended = sqlite3_extended_errcode(handle)
            message = String(cString: sqlite3_errmsg(handle))
        } else {
            message = String(cString: sqlite3_errstr(resultCode))
        }
        if let detail { message += " (\(detail))" }
        self.init(code: primary, extendedCode: extended, message: message, sql: sql)
    }

    /// An error for API misuse detected by this wrapper rather than by SQLite.
    static func misuse(_ message: String, sql: String?) -> SQLiteError {
        SQLiteError(code: SQLITE_MISUSE, extendedCode: SQLITE_MISUSE, message: message, sql: sql)
    }
}
