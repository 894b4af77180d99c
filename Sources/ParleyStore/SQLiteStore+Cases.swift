import ParleyCore

extension SQLiteStore {
    static let caseColumns = """
        c.id, c.lender_id, l.loan_id, b.borrower_id, c.status, c.holds, c.event_count, c.last_hash,
        c.opened_at, c.updated_at, c.ever_agreed
        """
    static let caseFrom = """
        FROM cases c JOIN loans l ON l.id = c.loan_key JOIN borrowers b ON b.id = l.borrower_key
        """

    func caseSummary(from row: SQLiteRow, offset: Int32 = 0) throws -> CaseSummary {
        guard let status = CaseStatus(rawValue: row.string(offset + 4)) else {
            throw StoreError.corrupt("case \(row.int64(offset)) has unknown status \(row.string(offset + 4))")
        }
        let holds = Set(row.string(offset + 5).split(separator: ",").compactMap { HoldKind(rawValue: String($0)) })
        let state = CaseState(status: status, holds: holds, eventCount: row.int(offset + 6), lastHash: row.string(offset + 7),
                              openedAt: Instant(secondsSinceEpoch: row.int64(offset + 8)),
                              updatedAt: Instant(secondsSinceEpoch: row.int64(offset + 9)),
                              everAgreed: row.int(offset + 10) == 1)
        let key = row.int64(offset)
        return CaseSummary(key: key, id: CaseSummary.displayID(key), lenderID: row.string(offset + 1),
                           loanID: row.string(offset + 2), borrowerID: row.string(offset + 3), state: state)
    }

    public func openCase(loanKey: Int64, lenderID: String, event: NewCaseEvent) throws -> CaseSummary {
        let state: CaseState
        do { state = try CaseState.start(with: event) } catch { throw StoreError.transition(error) }
        return try transaction {
            let insert = try db.cached("""
                INSERT INTO cases (lender_id, loan_key, status, is_open, holds, event_count, last_hash, opened_at, updated_at, ever_agreed)
                SELECT lender_id, id, ?, 1, '', 0, ?, ?, ?, 0 FROM loans WHERE id = ? AND lender_id = ?
                """)
            try insert.run([.text(state.status.rawValue), .text(HashChain.genesis), .integer(event.at.secondsSinceEpoch),
                            .integer(event.at.secondsSinceEpoch), .integer(loanKey), .text(lenderID)])
            guard db.changes == 1 else { throw StoreError.unknownLoan(String(loanKey)) }
            let key = db.lastInsertRowID
            let sealed = HashChain.seal(event, caseID: CaseSummary.displayID(key), sequence: 1,
                                        previousHash: HashChain.genesis, sha256: sha256)
            try insertEvent(sealed, caseKey: key)
            var next = state
            next.advance(to: sealed.hash)
            try updateProjection(caseKey: key, state: next)
            guard let summary = try caseSummary(key: key) else { throw StoreError.corrupt("case \(key) not readable") }
            return summary
        }
    }

    /// Runs `body` in one transaction with the given cases' states read once up front; events appended inside advance
    /// them in memory (a dispatcher settling a chunk of sends appends one event per case in a handful of queries).
    public func withCaseCache<T>(priming keys: [Int64], _ body: () throws -> T) throws -> T {
        try transaction {
            caseCache = try caseSummaries(keys: keys)
            defer { caseCache = nil }
            return try body()
        }
    }

    public func appendEvent(caseKey: Int64, event: NewCaseEvent) throws -> CaseEvent {
        try appendEvent(caseKey: caseKey, event: event, inputsText: nil)
    }

    /// `appendEvent` with the event's inputs already in canonical text (`event.inputs.canonical`), encoded by the
    /// caller, perhaps on another thread.
    public func appendEvent(caseKey: Int64, event: NewCaseEvent, inputsText: String?) throws -> CaseEvent {
        assert(inputsText == nil || inputsText == event.inputs.canonical, "inputsText must be the canonical inputs")
        return try transaction {
            guard let summary = try caseCache?[caseKey] ?? caseSummary(key: caseKey) else {
                throw StoreError.unknownCase(CaseSummary.displayID(caseKey))
            }
            var next: CaseState
            do { next = try summary.state.applying(event) } catch let error as CaseTransitionError { throw StoreError.transition(error) }
            let inputsText = inputsText ?? event.inputs.canonical, dataText = event.data.canonical
            let sealed = HashChain.seal(event, caseID: summary.id, sequence: summary.state.eventCount + 1,
                                        previousHash: summary.state.lastHash, inputsText: inputsText, dataText: dataText, sha256: sha256)
            try insertEvent(sealed, caseKey: caseKey, inputsText: inputsText, dataText: dataText)
            next.advance(to: sealed.hash)
            try updateProjection(caseKey: caseKey, state: next, previous: summary.state)
            if caseCache != nil {
                caseCache?[caseKey] = CaseSummary(key: summary.key, id: summary.id, lenderID: summary.lenderID, loanID: summary.loanID,
                                                  borrowerID: summary.borrowerID, state: next)
            }
            return sealed
        }
    }

    private func insertEvent(_ event: CaseEvent, caseKey: Int64, inputsText: String? = nil, dataText: String? = nil) throws {
        let statement = try db.cached("""
            INSERT INTO events (case_key, seq, type, at, actor_kind, actor_id, rule, inputs, data, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.bind(1, caseKey)
        try statement.bind(2, event.sequence)
        try statement.bind(3, event.kind.rawValue)
        try statement.bind(4, event.at.secondsSinceEpoch)
        try statement.bind(5, event.actor.kind.rawValue)
        try statement.bind(6, event.actor.id)
        try statement.bind(7, event.rule)
        try statement.bind(8, inputsText ?? event.inputs.canonical)
        try statement.bind(9, dataText ?? event.data.canonical)
        try statement.bind(10, event.previousHash)
        try statement.bind(11, event.hash)
        _ = try statement.step()
        statement.reset()
    }

    private func updateProjection(caseKey: Int64, state: CaseState, previous: CaseState? = nil) throws {
        if let previous, previous.holds == state.holds, previous.everAgreed == state.everAgreed,
           previous.status.isOpen == state.status.isOpen {
            // Most events (a message sent, a note, a step between open statuses) leave `is_open` and the holds alone:
            // an UPDATE that does not name a column leaves the indexes over it (and the partial ones over `is_open`)
            // untouched, so SQLite rewrites only what changed.
            if previous.status == state.status {
                try db.cached("UPDATE cases SET event_count = ?, last_hash = ?, updated_at = ? WHERE id = ?")
                    .run([.integer(Int64(state.eventCount)), .text(state.lastHash), .integer(state.updatedAt.secondsSinceEpoch),
                          .integer(caseKey)])
            } else {
                try db.cached("UPDATE cases SET status = ?, event_count = ?, last_hash = ?, updated_at = ? WHERE id = ?")
                    .run([.text(state.status.rawValue), .integer(Int64(state.eventCount)), .text(state.lastHash),
                          .integer(state.updatedAt.secondsSinceEpoch), .integer(caseKey)])
            }
            return
        }
        try db.cached("""
            UPDATE cases SET status = ?, is_open = ?, holds = ?, event_count = ?, last_hash = ?, updated_at = ?, ever_agreed = ?
            WHERE id = ?
            """).run([.text(state.status.rawValue), .integer(state.status.isOpen ? 1 : 0),
                      .text(state.holds.sorted().map { $0.rawValue }.joined(separator: ",")),
                      .integer(Int64(state.eventCount)), .text(state.lastHash),
                      .integer(state.updatedAt.secondsSinceEpoch), .integer(state.everAgreed ? 1 : 0), .integer(caseKey)])
    }

    /// Cases by key, in one query (a dispatcher's chunk).
    public func caseSummaries(keys: [Int64]) throws -> [Int64: CaseSummary] {
        var found: [Int64: CaseSummary] = [:]
        try db.cached("SELECT \(Self.caseColumns) \(Self.caseFrom) WHERE c.id IN (SELECT value FROM json_each(?))")
            .forEachRow([.text(Self.jsonArray(keys))]) { row in
                let summary = try caseSummary(from: row)
                found[summary.key] = summary
            }
        return found
    }

    func caseSummary(key: Int64) throws -> CaseSummary? {
        var found: CaseSummary?
        try db.cached("SELECT \(Self.caseColumns) \(Self.caseFrom) WHERE c.id = ?").forEachRow([.integer(key)]) { row in
            found = try caseSummary(from: row)
        }
        return found
    }

    /// The loan's open case, if it has one (at most one, by the partial unique index).
    public func openCase(loanKey: Int64) throws -> CaseSummary? {
        var found: CaseSummary?
        try db.cached("SELECT \(Self.caseColumns) \(Self.caseFrom) WHERE c.loan_key = ? AND c.is_open = 1")
            .forEachRow([.integer(loanKey)]) { row in found = try caseSummary(from: row) }
        return found
    }

    public func caseSummary(lenderID: String, id: String) throws -> CaseSummary? {
        guard let key = CaseSummary.key(fromDisplayID: id), let found = try caseSummary(key: key),
              found.lenderID == lenderID else { return nil }
        return found
    }

    public func cases(_ query: CaseQuery) throws -> [CaseSummary] {
        var sql = "SELECT \(Self.caseColumns) \(Self.caseFrom) WHERE c.lender_id = ? AND c.id > ?"
        var values: [SQLiteValue] = [.text(query.lenderID), .integer(query.afterKey)]
        if let status = query.status {
            sql += " AND c.status = ?"
            values.append(.text(status.rawValue))
        }
        if query.openOnly { sql += " AND c.is_open = 1" }
        if let loanID = query.loanID {
            sql += " AND l.loan_id = ?"
            values.append(.text(loanID))
        }
        sql += " ORDER BY c.id LIMIT ?"
        values.append(.integer(Int64(query.limit)))
        var all: [CaseSummary] = []
        try db.cached(sql).forEachRow(values) { row in all.append(try caseSummary(from: row)) }
        return all
    }

    public func caseCounts(lenderID: String) throws -> [CaseStatus: Int] {
        var counts: [CaseStatus: Int] = [:]
        try db.cached("SELECT status, count(*) FROM cases WHERE lender_id = ? GROUP BY status")
            .forEachRow([.text(lenderID)]) { row in
                if let status = CaseStatus(rawValue: row.string(0)) { counts[status] = row.int(1) }
            }
        return counts
    }

    public func events(caseKey: Int64) throws -> [CaseEvent] {
        var all: [CaseEvent] = []
        let caseID = CaseSummary.displayID(caseKey)
        try db.cached("""
            SELECT seq, type, at, actor_kind, actor_id, rule, inputs, data, prev_hash, hash
            FROM events WHERE case_key = ? ORDER BY seq
            """).forEachRow([.integer(caseKey)]) { row in
            guard let kind = CaseEventKind(rawValue: row.string(1)), let actorKind = Actor.Kind(rawValue: row.string(3)) else {
                throw StoreError.corrupt("event \(row.int(0)) of case \(caseID) has an unknown type or actor")
            }
            let inputs: JSONValue, data: JSONValue
            do {
                inputs = try JSONParser.parse(row.string(6))
                data = try JSONParser.parse(row.string(7))
            } catch { throw StoreError.corrupt("event \(row.int(0)) of case \(caseID): \(error)") }
            let event = NewCaseEvent(kind: kind, at: Instant(secondsSinceEpoch: row.int64(2)),
                                     actor: Actor(actorKind, row.string(4)), rule: row.optionalString(5),
                                     inputs: inputs, data: data)
            all.append(CaseEvent(caseID: caseID, sequence: row.int(0), event: event,
                                 previousHash: row.string(8), hash: row.string(9)))
        }
        return all
    }
}
