/// Brings a database's schema up to date, tracking the version in `PRAGMA user_version`.
public enum Migrator {
    /// Applies the pending migrations in order and returns the versions applied.
    ///
    /// Each migration runs in its own IMMEDIATE transaction together with
    /// `PRAGMA user_version = version`, so a failure leaves the database at
    /// the last complete version. The version is read again under the write
    /// lock, so two processes migrating at once apply each step only once.
    @discardableResult
    public static func migrate(_ db: SQLiteDatabase, _ migrations: [Migration]) throws -> [Int] {
        try validate(migrations)
        let known = migrations.last?.version ?? 0
        let found = try currentVersion(db)
        guard found <= known else {
            throw MigrationError.databaseIsNewer(found: found, known: known)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > found {
            let didApply = try db.transaction(.immediate) {
                guard try currentVersion(db) < migration.version else { return false }
                try db.execute(migration.sql)
                // PRAGMAs take no parameters; the version is a validated Int.
                try db.execute("PRAGMA user_version = \(migration.version)")
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    /// The schema version recorded in the database; 0 for a new file.
    public static func currentVersion(_ db: SQLiteDatabase) throws -> Int {
        Int(try db.scalarInt("PRAGMA user_version") ?? 0)
    }

    /// Versions must start at 1 and increase strictly.
    static func validate(_ migrations: [Migration]) throws {
        var previous = 0
        for migration in migrations {
            if previous == 0 && migration.version != 1 {
                throw MigrationError.invalidSequence(
                    "the first migration must have version 1, not \(migration.version) (\(migration.name))")
            }
            if migration.version <= previous {
                throw MigrationError.invalidSequence(
                    "version \(migration.version) (\(migration.name)) does not follow version \(previous)")
            }
            previous = migration.version
        }
    }
}
