import Foundation
import ParleyCore
import ParleyCrypto
import ParleyStore

/// Where the database is and how to open it (`--db`, `PARLEY_DB`, default `./parley.db`).
public struct DatabaseLocation: Sendable, Equatable {
    public let path: String

    public init(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = option ?? environment["PARLEY_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "./parley.db"
    }

    public var isPostgres: Bool { path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") }

    /// Opens the store. `create` false refuses a file that does not exist yet, so a typo in `--db`
    /// does not silently make an empty database.
    public func open(create: Bool) throws -> SQLiteStore {
        if isPostgres {
            throw AppError.unsupported("PostgreSQL (\(redacted)) is not available in this build yet; use a SQLite file path")
        }
        if !create && path != ":memory:" && !FileManager.default.fileExists(atPath: path) {
            throw AppError.noDatabase(path)
        }
        return try SQLiteStore(path: path, sha256: Sodium.sha256)
    }

    /// The location without credentials, for messages.
    var redacted: String {
        guard let at = path.lastIndex(of: "@"), let scheme = path.range(of: "://") else { return path }
        return String(path[..<scheme.upperBound]) + "…" + String(path[at...])
    }
}

/// Errors of the application layer, each a message a person can act on.
public enum AppError: Error, Equatable, CustomStringConvertible {
    case noDatabase(String)
    case unsupported(String)
    case invalidInput(String)
    case notFound(String)
    case cycleOutOfOrder(requested: CivilDate, latest: CivilDate)

    public var description: String {
        switch self {
        case .noDatabase(let path): return "no database at \(path) (run `parley init` or an import first, or pass --db)"
        case .unsupported(let message): return message
        case .invalidInput(let message): return message
        case .notFound(let message): return message
        case .cycleOutOfOrder(let requested, let latest):
            return "cannot run the cycle for \(requested): the cycle already ran for the later day \(latest)"
        }
    }
}
