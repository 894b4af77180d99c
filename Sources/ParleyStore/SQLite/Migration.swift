/// One schema step, recorded in the database as `PRAGMA user_version`.
public struct Migration: Sendable {
    /// The schema version this migration brings the database to; the first is 1.
    public let version: Int
    /// A short name for logs.
    public let name: String
    /// The SQL to run; may hold several statements, but no BEGIN or COMMIT.
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Why migrations could not be applied.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// The file was written by a newer release that knows more migrations.
    case databaseIsNewer(found: Int, known: Int)
    /// The list of migrations is malformed; the text says where.
    case invalidSequence(String)

    public var description: String {
        switch self {
        case let .databaseIsNewer(found, known):
            "The database is at schema version \(found), but this release knows only up to \(known); "
                + "run a newer release or restore a matching backup."
        case let .invalidSequence(detail):
            "Invalid migration list: \(detail)"
        }
    }
}
