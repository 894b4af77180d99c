import ParleyCore

/// The embedded store: one SQLite file in WAL mode, prepared statements only.
/// Not Sendable: one instance per thread (open another for another thread).
public final class SQLiteStore: Store {
    let db: SQLiteDatabase
    let sha256: SHA256Function
    /// Parsed policies by lender, with the version they were parsed at (a save bumps the version).
    private var parsedPolicies: [String: (version: Int64, policy: LenderPolicy)] = [:]
    /// Case states known inside `withCaseCache` (one transaction, this connection the only writer): `appendEvent` reads
    /// and advances them instead of querying each case again.
    var caseCache: [Int64: CaseSummary]?

    /// Opens (creating if needed) the database at `path` and applies pending migrations.
    public init(path: String, sha256: @escaping SHA256Function) throws {
        db = try SQLiteDatabase(path: path)
        self.sha256 = sha256
        try Migrator.migrate(db, SQLiteSchema.migrations)
    }

    public var schemaVersion: Int { (try? Migrator.currentVersion(db)) ?? 0 }

    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if db.isInTransaction {
            return try db.savepoint("nested", body)
        }
        return try db.transaction(.immediate, body)
    }

    /// Runs `body` in one read transaction: one snapshot and one lock for all its queries (no writes inside).
    public func reading<T>(_ body: () throws -> T) throws -> T {
        if db.isInTransaction { return try body() }
        return try db.transaction(.deferred, body)
    }

    /// Moves the WAL into the main file (after bulk work).
    public func checkpoint() throws { try db.checkpoint() }

    // MARK: Lenders and policy

    public func upsertLender(_ lender: Lender) throws {
        try db.cached("INSERT INTO lenders (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name")
            .run([.text(lender.id), .text(lender.name)])
    }

    public func lender(id: String) throws -> Lender? {
        var found: Lender?
        try db.cached("SELECT id, name FROM lenders WHERE id = ?").forEachRow([.text(id)]) { row in
            found = Lender(id: row.string(0), name: row.string(1))
        }
        return found
    }

    public func lenders() throws -> [Lender] {
        var all: [Lender] = []
        try db.cached("SELECT id, name FROM lenders ORDER BY id").forEachRow { row in
            all.append(Lender(id: row.string(0), name: row.string(1)))
        }
        return all
    }

    public func policy(lenderID: String) throws -> LenderPolicy {
        let cached = parsedPolicies[lenderID]
        // The document is read only when the cached parse is not of the current version.
        var found: (version: Int64, document: String?)?
        try db.cached("SELECT version, CASE WHEN version = ? THEN NULL ELSE document END FROM policies WHERE lender_id = ?")
            .forEachRow([.integer(cached?.version ?? 0), .text(lenderID)]) { row in
                found = (row.int64(0), row.optionalString(1))
            }
        guard let found else { return LenderPolicy() }
        if let cached, cached.version == found.version { return cached.policy }
        guard let document = found.document else { throw StoreError.corrupt("policy of \(lenderID) has no document") }
        do {
            let policy = try LenderPolicy.parse(document)
            if parsedPolicies.count > 64 { parsedPolicies.removeAll() }
            parsedPolicies[lenderID] = (found.version, policy)
            return policy
        } catch {
            throw StoreError.corrupt("policy of \(lenderID): \(error)")
        }
    }

    public func savePolicy(_ policy: LenderPolicy, lenderID: String) throws {
        try requireLender(lenderID)
        try db.cached("""
            INSERT INTO policies (lender_id, document) VALUES (?, ?)
            ON CONFLICT (lender_id) DO UPDATE SET document = excluded.document, version = version + 1
            """).run([.text(lenderID), .text(policy.json.canonical)])
    }

    func requireLender(_ id: String) throws {
        guard try lender(id: id) != nil else { throw StoreError.unknownLender(id) }
    }

    // MARK: Counts

    public func loanCount(lenderID: String) throws -> Int {
        Int(try db.scalarInt("SELECT count(*) FROM loans WHERE lender_id = ?", [.text(lenderID)]) ?? 0)
    }

    public func paymentCount(lenderID: String) throws -> Int {
        Int(try db.scalarInt("SELECT count(*) FROM payments WHERE lender_id = ?", [.text(lenderID)]) ?? 0)
    }
}
