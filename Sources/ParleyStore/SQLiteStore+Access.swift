import ParleyCore

extension SQLiteStore: AccessStore {
    public func createUser(email: String, passwordHash: String, role: Role, lenderID: String?, at: Instant) throws -> StoredUser {
        if let lenderID { try requireLender(lenderID) }
        try db.cached("INSERT INTO users (email, password_hash, role, lender_id, created_at) VALUES (?, ?, ?, ?, ?)")
            .run([.text(email), .text(passwordHash), .text(role.rawValue), lenderID.map { .text($0) } ?? .null,
                  .integer(at.secondsSinceEpoch)])
        return StoredUser(id: db.lastInsertRowID, email: email, passwordHash: passwordHash, role: role, lenderID: lenderID, disabled: false)
    }

    public func user(email: String) throws -> StoredUser? {
        try fetchUser("WHERE email = ?", [.text(email)])
    }

    public func user(id: Int64) throws -> StoredUser? {
        try fetchUser("WHERE id = ?", [.integer(id)])
    }

    private func fetchUser(_ condition: String, _ values: [SQLiteValue]) throws -> StoredUser? {
        var found: StoredUser?
        try db.cached("SELECT id, email, password_hash, role, lender_id, disabled FROM users \(condition)").forEachRow(values) { row in
            guard let role = Role(rawValue: row.string(3)) else { throw StoreError.corrupt("user \(row.int64(0)) has unknown role") }
            found = StoredUser(id: row.int64(0), email: row.string(1), passwordHash: row.string(2), role: role,
                               lenderID: row.optionalString(4), disabled: row.int(5) == 1)
        }
        return found
    }

    public func createSession(_ session: StoredSession) throws {
        var userID: SQLiteValue = .null, lenderID: SQLiteValue = .null, borrowerKey: SQLiteValue = .null
        switch session.subject {
        case .user(let id): userID = .integer(id)
        case .borrower(let lender, let key):
            lenderID = .text(lender)
            borrowerKey = .integer(key)
        }
        try db.cached("""
            INSERT INTO sessions (token_hash, user_id, lender_id, borrower_key, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([.text(session.tokenHash), userID, lenderID, borrowerKey, .text(session.csrfToken),
                      .integer(session.createdAt.secondsSinceEpoch), .integer(session.expiresAt.secondsSinceEpoch)])
    }

    public func session(tokenHash: String, now: Instant) throws -> StoredSession? {
        var found: StoredSession?
        let statement = try db.cached("""
            SELECT user_id, lender_id, borrower_key, csrf, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?
            """)
        // Bound one by one, as in `duesInputs`: this runs on every authenticated request.
        try statement.bind(1, tokenHash)
        try statement.bind(2, now.secondsSinceEpoch)
        try statement.forEachRow { row in
            let subject: StoredSession.Subject = row.isNull(0)
                ? .borrower(lenderID: row.string(1), borrowerKey: row.int64(2)) : .user(row.int64(0))
            found = StoredSession(tokenHash: tokenHash, subject: subject, csrfToken: row.string(3),
                                  createdAt: Instant(secondsSinceEpoch: row.int64(4)), expiresAt: Instant(secondsSinceEpoch: row.int64(5)))
        }
        return found
    }

    public func deleteSession(tokenHash: String) throws {
        try db.cached("DELETE FROM sessions WHERE token_hash = ?").run([.text(tokenHash)])
    }

    public func createAPIKey(lenderID: String, keyHash: String, prefix: String, at: Instant) throws -> StoredAPIKey {
        try requireLender(lenderID)
        try db.cached("INSERT INTO api_keys (lender_id, prefix, key_hash, created_at) VALUES (?, ?, ?, ?)")
            .run([.text(lenderID), .text(prefix), .text(keyHash), .integer(at.secondsSinceEpoch)])
        return StoredAPIKey(id: db.lastInsertRowID, lenderID: lenderID, prefix: prefix, createdAt: at, revokedAt: nil)
    }

    public func apiKey(keyHash: String) throws -> StoredAPIKey? {
        try fetchKeys("WHERE key_hash = ? AND revoked_at IS NULL", [.text(keyHash)]).first
    }

    public func revokeAPIKey(prefix: String, lenderID: String, at: Instant) throws -> Bool {
        try db.cached("UPDATE api_keys SET revoked_at = ? WHERE prefix = ? AND lender_id = ? AND revoked_at IS NULL")
            .run([.integer(at.secondsSinceEpoch), .text(prefix), .text(lenderID)]) == 1
    }

    public func apiKeys(lenderID: String) throws -> [StoredAPIKey] {
        try fetchKeys("WHERE lender_id = ? ORDER BY id", [.text(lenderID)])
    }

    private func fetchKeys(_ condition: String, _ values: [SQLiteValue]) throws -> [StoredAPIKey] {
        var keys: [StoredAPIKey] = []
        try db.cached("SELECT id, lender_id, prefix, created_at, revoked_at FROM api_keys \(condition)").forEachRow(values) { row in
            keys.append(StoredAPIKey(id: row.int64(0), lenderID: row.string(1), prefix: row.string(2),
                                     createdAt: Instant(secondsSinceEpoch: row.int64(3)),
                                     revokedAt: row.optionalInt64(4).map { Instant(secondsSinceEpoch: $0) }))
        }
        return keys
    }

    public func createLink(_ link: BorrowerLink) throws {
        try db.cached("""
            INSERT INTO borrower_links (token_hash, lender_id, borrower_key, loan_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
            """).run([.text(link.tokenHash), .text(link.lenderID), .integer(link.borrowerKey), .integer(link.loanKey),
                      .integer(link.createdAt.secondsSinceEpoch), .integer(link.expiresAt.secondsSinceEpoch)])
    }

    public func link(tokenHash: String) throws -> BorrowerLink? {
        var found: BorrowerLink?
        try db.cached("""
            SELECT lender_id, borrower_key, loan_key, created_at, expires_at, used_at, code_hash, code_expires_at, code_attempts, locked
            FROM borrower_links WHERE token_hash = ?
            """).forEachRow([.text(tokenHash)]) { row in
            found = BorrowerLink(tokenHash: tokenHash, lenderID: row.string(0), borrowerKey: row.int64(1), loanKey: row.int64(2),
                                 createdAt: Instant(secondsSinceEpoch: row.int64(3)), expiresAt: Instant(secondsSinceEpoch: row.int64(4)),
                                 usedAt: row.optionalInt64(5).map { Instant(secondsSinceEpoch: $0) }, codeHash: row.optionalString(6),
                                 codeExpiresAt: row.optionalInt64(7).map { Instant(secondsSinceEpoch: $0) },
                                 codeAttempts: row.int(8), locked: row.int(9) == 1)
        }
        return found
    }

    public func updateLinkChallenge(_ link: BorrowerLink) throws {
        try db.cached("""
            UPDATE borrower_links SET code_hash = ?, code_expires_at = ?, code_attempts = ?, locked = ? WHERE token_hash = ?
            """).run([link.codeHash.map { .text($0) } ?? .null, link.codeExpiresAt.map { .integer($0.secondsSinceEpoch) } ?? .null,
                      .integer(Int64(link.codeAttempts)), .integer(link.locked ? 1 : 0), .text(link.tokenHash)])
    }

    public func consumeLink(tokenHash: String, at: Instant) throws -> Bool {
        try db.cached("UPDATE borrower_links SET used_at = ? WHERE token_hash = ? AND used_at IS NULL")
            .run([.integer(at.secondsSinceEpoch), .text(tokenHash)]) == 1
    }

    public func borrower(key: Int64) throws -> StoredBorrower? {
        try fetchBorrower("WHERE id = ?", [.integer(key)])
    }

    public func borrower(lenderID: String, borrowerID: String) throws -> StoredBorrower? {
        try fetchBorrower("WHERE lender_id = ? AND borrower_id = ?", [.text(lenderID), .text(borrowerID)])
    }

    private func fetchBorrower(_ condition: String, _ values: [SQLiteValue]) throws -> StoredBorrower? {
        try fetchBorrowers(condition, values).first
    }

    /// Borrowers by key, in one query (a dispatcher's chunk).
    public func borrowers(keys: [Int64]) throws -> [Int64: StoredBorrower] {
        Dictionary(uniqueKeysWithValues: try fetchBorrowers("WHERE id IN (SELECT value FROM json_each(?))", [.text(Self.jsonArray(keys))])
            .map { ($0.key, $0) })
    }

    private func fetchBorrowers(_ condition: String, _ values: [SQLiteValue]) throws -> [StoredBorrower] {
        var found: [StoredBorrower] = []
        try db.cached("""
            SELECT id, lender_id, borrower_id, name, phone, email, coalesce(preferred_language, language), timezone, jurisdiction
            FROM borrowers \(condition)
            """).forEachRow(values) { row in
            guard let jurisdiction = Jurisdiction(rawValue: row.string(8)) else { throw StoreError.corrupt("borrower jurisdiction") }
            found.append(StoredBorrower(key: row.int64(0), lenderID: row.string(1), borrowerID: row.string(2), name: row.string(3),
                                        phone: row.string(4), email: row.optionalString(5), language: row.string(6),
                                        timeZone: row.string(7), jurisdiction: jurisdiction))
        }
        return found
    }

    /// `[1,2,3]`: a list of keys as one bound parameter, for `IN (SELECT value FROM json_each(?))`.
    static func jsonArray(_ keys: [Int64]) -> String { "[" + keys.map(String.init).joined(separator: ",") + "]" }

    public func loans(borrowerKey: Int64) throws -> [StoredLoan] {
        var ids: [(String, String)] = []
        try db.cached("SELECT lender_id, loan_id FROM loans WHERE borrower_key = ? ORDER BY loan_id")
            .forEachRow([.integer(borrowerKey)]) { row in ids.append((row.string(0), row.string(1))) }
        return try ids.compactMap { try loan(lenderID: $0.0, loanID: $0.1) }
    }
}

extension SQLiteStore: DocumentStore {
    public func addDocument(caseKey: Int64, filename: String, contentType: String, data: [UInt8], sha256: String,
                            at: Instant) throws -> StoredDocument {
        try db.cached("""
            INSERT INTO documents (case_key, filename, content_type, size, sha256, data, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).run([.integer(caseKey), .text(filename), .text(contentType), .integer(Int64(data.count)), .text(sha256),
                      .blob(data), .integer(at.secondsSinceEpoch)])
        return StoredDocument(id: db.lastInsertRowID, caseKey: caseKey, filename: filename, contentType: contentType,
                              size: data.count, sha256: sha256, uploadedAt: at)
    }

    public func documents(caseKey: Int64) throws -> [StoredDocument] {
        var all: [StoredDocument] = []
        try db.cached("SELECT id, filename, content_type, size, sha256, uploaded_at FROM documents WHERE case_key = ? ORDER BY id")
            .forEachRow([.integer(caseKey)]) { row in
                all.append(StoredDocument(id: row.int64(0), caseKey: caseKey, filename: row.string(1), contentType: row.string(2),
                                          size: row.int(3), sha256: row.string(4), uploadedAt: Instant(secondsSinceEpoch: row.int64(5))))
            }
        return all
    }
}


extension SQLiteStore {
    /// Figures for /metrics: open cases, messages waiting in the outbox, the last completed cycle day.
    public func operationalFigures() throws -> (openCases: Int, outboxPlanned: Int, lastCycleDay: Int) {
        (Int(try db.scalarInt("SELECT count(*) FROM cases WHERE is_open = 1") ?? 0),
         Int(try db.scalarInt("SELECT count(*) FROM outbox WHERE status IN ('planned', 'sending') AND status = 'planned'") ?? 0),
         Int(try db.scalarInt("SELECT coalesce(max(as_of), 0) FROM cycle_runs WHERE completed = 1") ?? 0))
    }
}

extension SQLiteStore: ContactStore {
    public func optOut(borrowerKey: Int64, channel: String, at: Instant, source: String) throws -> Bool {
        try db.cached("""
            INSERT INTO contact_preferences (borrower_key, channel, opted_out_at, source) VALUES (?, ?, ?, ?)
            ON CONFLICT (borrower_key, channel) DO UPDATE SET opted_out_at = excluded.opted_out_at, source = excluded.source
            WHERE opted_out_at IS NULL
            """).run([.integer(borrowerKey), .text(channel), .integer(at.secondsSinceEpoch), .text(source)]) == 1
    }

    public func optedOutChannels(borrowerKey: Int64) throws -> Set<String> {
        var channels: Set<String> = []
        try db.cached("SELECT channel FROM contact_preferences WHERE borrower_key = ? AND opted_out_at IS NOT NULL")
            .forEachRow([.integer(borrowerKey)]) { channels.insert($0.string(0)) }
        return channels
    }

    public func placeHold(borrowerKey: Int64, kind: HoldKind, at: Instant, by: String) throws -> Bool {
        try db.cached("INSERT INTO borrower_holds (borrower_key, kind, placed_at, placed_by) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")
            .run([.integer(borrowerKey), .text(kind.rawValue), .integer(at.secondsSinceEpoch), .text(by)]) == 1
    }

    public func clearHold(borrowerKey: Int64, kind: HoldKind) throws -> Bool {
        try db.cached("DELETE FROM borrower_holds WHERE borrower_key = ? AND kind = ?")
            .run([.integer(borrowerKey), .text(kind.rawValue)]) == 1
    }

    public func holds(borrowerKey: Int64) throws -> Set<HoldKind> {
        var kinds: Set<HoldKind> = []
        try db.cached("SELECT kind FROM borrower_holds WHERE borrower_key = ?").forEachRow([.integer(borrowerKey)]) { row in
            if let kind = HoldKind(rawValue: row.string(0)) { kinds.insert(kind) }
        }
        return kinds
    }
}
