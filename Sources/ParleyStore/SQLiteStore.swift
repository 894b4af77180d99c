import ParleyCore

/// The embedded store: one SQLite file in WAL mode, prepared statements only.
/// Not Sendable: one instance per thread (open another for another thread).
public final class SQLiteStore: Store {
    let db: SQLiteDatabase
    let sha256: SHA256Function
    /// Parsed policies by lender: the row version parsed, and the read snapshot (data version) it was last confirmed in.
    private var parsedPolicies: [String: (version: Int64, snapshot: UInt32?, policy: LenderPolicy)] = [:]
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
        // Within a read snapshot that has seen no commit since the policy was read, nothing can have changed it.
        let snapshot = db.readSnapshotVersion
        if let cached, let snapshot, cached.snapshot == snapshot { return cached.policy }
        // The document is read only when the cached parse is not of the current version (versions start at 1).
        var found: (version: Int64, document: String?)?
        try db.cached("SELECT version, CASE WHEN version = ? THEN NULL ELSE document END FROM policies WHERE lender_id = ?")
            .forEachRow([.integer(cached?.version ?? -1), .text(lenderID)]) { row in
                found = (row.int64(0), row.optionalString(1))
            }
        // A lender without a saved policy has the default one, remembered as version 0.
        let version = found?.version ?? 0
        if parsedPolicies.count > 64 { parsedPolicies.removeAll() }
        if let cached, cached.version == version {
            parsedPolicies[lenderID] = (version, snapshot, cached.policy)
            return cached.policy
        }
        guard let found else {
            parsedPolicies[lenderID] = (0, snapshot, LenderPolicy())
            return LenderPolicy()
        }
        guard let document = found.document else { throw StoreError.corrupt("policy of \(lenderID) has no document") }
        do {
            let policy = try LenderPolicy.parse(document)
            parsedPolicies[lenderID] = (found.version, snapshot, policy)
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
        parsedPolicies[lenderID] = nil
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
