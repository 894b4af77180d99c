internal import CSQLite

/// The current row of a statement, read by 0-based column index.
///
/// Valid only until the statement steps or resets: read the columns inside
/// the `forEachRow` callback (or right after `step()`), never keep the row.
/// Every accessor copies out of SQLite's buffers, so the values returned
/// stay valid.
public struct SQLiteRow {
    private let statement: SQLiteStatement

    init(statement: SQLiteStatement) {
        self.statement = statement
    }

    private var handle: OpaquePointer { statement.handle }

    /// The number of columns.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The column as an integer; NULL reads as 0.
    public func int64(_ i: Int32) -> Int64 {
        sqlite3_column_int64(handle, i)
    }

    /// The column as an integer; NULL reads as 0.
    public func int(_ i: Int32) -> Int {
        Int(truncatingIfNeeded: sqlite3_column_int64(handle, i))
    }

    /// The column as a floating-point number; NULL reads as 0.
    public func double(_ i: Int32) -> Double {
        sqlite3_column_double(handle, i)
    }

    /// The column as text; NULL reads as "". Invalid UTF-8 is repaired with U+FFFD.
    public func string(_ i: Int32) -> String {
        // column_bytes must come after column_text, which may convert the value.
        guard let text = sqlite3_column_text(handle, i) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// Calls `body` with the column's text bytes as SQLite holds them (valid only during the call); NULL reads as
    /// no bytes. Saves making a `String` of text that is parsed at once.
    public func withText<T>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        // column_bytes must come after column_text, which may convert the value.
        guard let text = sqlite3_column_text(handle, i) else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, i))))
    }

    /// The column as text, or nil for NULL.
    public func optionalString(_ i: Int32) -> String? {
        isNull(i) ? nil : string(i)
    }

    /// The column as an integer, or nil for NULL.
    public func optionalInt64(_ i: Int32) -> Int64? {
        isNull(i) ? nil : int64(i)
    }

    /// The column as bytes; NULL reads as an empty array.
    public func blob(_ i: Int32) -> [UInt8] {
        // column_bytes must come after column_blob; a zero-length blob has no pointer.
        guard let bytes = sqlite3_column_blob(handle, i) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, i))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Whether the column is NULL.
    public func isNull(_ i: Int32) -> Bool {
        sqlite3_column_type(handle, i) == SQLITE_NULL
    }

    /// The column in its own storage class.
    public func value(_ i: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: .integer(int64(i))
        case SQLITE_FLOAT: .real(double(i))
        case SQLITE_TEXT: .text(string(i))
        case SQLITE_BLOB: .blob(blob(i))
        default: .null
        }
    }
}
