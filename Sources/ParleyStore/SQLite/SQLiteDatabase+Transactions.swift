/// How `BEGIN` acquires locks.
public enum TransactionKind: String, Sendable {
    /// Locks on first read or write; a later write may fail with `SQLITE_BUSY` without waiting.
    case deferred = "DEFERRED"
    /// Takes the write lock at once, waiting up to the busy timeout: right for read-modify-write.
    case immediate = "IMMEDIATE"
    /// Like immediate; in WAL mode the same as immediate.
    case exclusive = "EXCLUSIVE"

    var beginSQL: String {
        switch self {
        case .deferred: "BEGIN DEFERRED TRANSACTION"
        case .immediate: "BEGIN IMMEDIATE TRANSACTION"
        case .exclusive: "BEGIN EXCLUSIVE TRANSACTION"
        }
    }
}

extension SQLiteDatabase {
    /// Runs `body` inside BEGIN … COMMIT.
    ///
    /// Any error thrown by `body` or by COMMIT rolls the transaction back
    /// and is rethrown unchanged. Transactions do not nest: use `savepoint`.
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try cached(kind.beginSQL).run()
        let result: T
        do {
            result = try body()
            try cached("COMMIT TRANSACTION").run()
        } catch {
            rollbackAfterFailure("ROLLBACK TRANSACTION")
            throw error
        }
        return result
    }

    /// Runs `body` inside a named savepoint, which may nest in a transaction or in another savepoint.
    ///
    /// On error the work since the savepoint is rolled back and the error
    /// rethrown; the enclosing transaction stays open. Outside a
    /// transaction, releasing the savepoint commits.
    @discardableResult
    public func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        let identifier = "\"" + (name.utf8.contains(UInt8(ascii: "\"")) ? name.replacingDoubleQuotes() : name) + "\""
        // Prepared once per name and reused: a case event takes a savepoint, and events come by the thousand.
        try cached("SAVEPOINT \(identifier)").run()
        let result: T
        do {
            result = try body()
            try cached("RELEASE SAVEPOINT \(identifier)").run()
        } catch {
            rollbackAfterFailure("ROLLBACK TO SAVEPOINT \(identifier); RELEASE SAVEPOINT \(identifier)")
            throw error
        }
        return result
    }

    /// Undoes a failed unit of work while the caller rethrows the original error.
    ///
    /// SQLite itself rolls back after some errors (a full disk, an
    /// interrupt), so there may be nothing left to undo; the original error
    /// says more than a failed rollback would, so a rollback failure is not
    /// reported on top of it.
    private func rollbackAfterFailure(_ sql: String) {
        guard isInTransaction else { return }
        do {
            try execute(sql)
        } catch {
            // See above: the caller's error takes precedence.
        }
    }
}

extension String {
    /// Doubles `"` so the string can sit inside a quoted SQL identifier.
    fileprivate func replacingDoubleQuotes() -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if character == "\"" { result.append("\"\"") } else { result.append(character) }
        }
        return result
    }
}
