import ParleyCore

/// The transactional outbox: messages are enqueued in the same transaction as the decision behind them,
/// and a dispatcher claims, sends and settles them. Every status change is a guarded UPDATE, so two
/// dispatchers (or a rerun after a crash) never move the same message twice.
extension SQLiteStore: OutboxStore {
    static let outboxColumns = """
        o.id, o.lender_id, o.borrower_key, o.loan_key, o.case_key, o.channel, o.template, o.language, o.destination,
        o.body, o.status, o.planned_at, o.sent_at, o.reason, o.idempotency_key, b.borrower_id, l.loan_id,
        o.purpose, o.subject, o.variables, o.logical_key, o.fallbacks, o.window, o.segment, o.due_at, o.attempts,
        o.provider, o.provider_message_id, o.delivered_at, o.read_at
        """

    public func enqueue(_ message: OutboxMessage) throws -> OutboxMessage {
        try db.cached("""
            INSERT INTO outbox (lender_id, borrower_key, loan_key, case_key, channel, template, language, destination, body, status,
                                planned_at, sent_at, reason, idempotency_key, purpose, subject, variables, logical_key, fallbacks,
                                window, segment, due_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
            """).run([.text(message.lenderID), .integer(message.borrowerKey), message.loanKey.map { .integer($0) } ?? .null,
                      message.caseKey.map { .integer($0) } ?? .null, .text(message.channel), .text(message.template),
                      .text(message.language), .text(message.destination), .text(message.body), .text(message.status.rawValue),
                      .integer(message.plannedAt.secondsSinceEpoch), message.sentAt.map { .integer($0.secondsSinceEpoch) } ?? .null,
                      message.reason.map { .text($0) } ?? .null, .text(message.idempotencyKey), .text(message.purpose.rawValue),
                      message.subject.map { .text($0) } ?? .null,
                      .text(JSONValue.object(message.variables.mapValues { .string($0) }).canonical),
                      .text(message.logicalKey ?? message.idempotencyKey),
                      .text(message.fallbacks.map { $0.rawValue }.joined(separator: ",")),
                      message.window.map { .integer(Int64($0)) } ?? .null, message.segment.map { .text($0) } ?? .null,
                      .integer((message.dueAt ?? message.plannedAt).secondsSinceEpoch)])
        var stored = message
        if db.changes == 1 {
            stored.id = db.lastInsertRowID
            stored.logicalKey = message.logicalKey ?? message.idempotencyKey
            stored.dueAt = message.dueAt ?? message.plannedAt
            return stored
        }
        guard let existing = try outboxEntries("WHERE o.idempotency_key = ?", [.text(message.idempotencyKey)], limit: 1).first else {
            throw StoreError.corrupt("outbox message \(message.idempotencyKey) vanished")
        }
        return existing.message
    }

    public func outbox(lenderID: String?, loanID: String?, limit: Int) throws -> [OutboxEntry] {
        var conditions: [String] = [], values: [SQLiteValue] = []
        if let lenderID { conditions.append("o.lender_id = ?"); values.append(.text(lenderID)) }
        if let loanID { conditions.append("l.loan_id = ?"); values.append(.text(loanID)) }
        return try outboxEntries(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), values, limit: limit)
    }

    public func outboxEntry(id: Int64) throws -> OutboxEntry? {
        try outboxEntries("WHERE o.id = ?", [.integer(id)], limit: 1).first
    }

    /// Every row of one logical message (the first channel and its fail-overs), oldest first.
    public func outboxEntries(logicalKey: String) throws -> [OutboxEntry] {
        try outboxEntries("WHERE o.logical_key = ?", [.text(logicalKey)], limit: 100)
    }

    /// Whether any message of this logical key exists (planning is idempotent on it).
    public func outboxHasLogicalKey(_ key: String) throws -> Bool {
        try db.scalarInt("SELECT 1 FROM outbox WHERE logical_key = ? LIMIT 1", [.text(key)]) != nil
    }

    /// Planned messages due at or before `at`, earliest first.
    public func dueMessages(lenderID: String?, at: Instant, limit: Int) throws -> [OutboxEntry] {
        // `status IN ('planned', 'sending')` repeats the partial index's own condition: SQLite uses a partial index only
        // when the query states its WHERE clause, and without `outbox_due` every poll would scan the whole outbox.
        var condition = "WHERE o.status IN ('planned', 'sending') AND o.status = 'planned' AND o.due_at <= ?"
        var values: [SQLiteValue] = [.integer(at.secondsSinceEpoch)]
        if let lenderID { condition += " AND o.lender_id = ?"; values.append(.text(lenderID)) }
        return try outboxEntries(condition + " ORDER BY o.due_at, o.id", values, limit: limit, ordered: true)
    }

    /// The earliest due time of any planned message (what a waiting dispatcher sleeps until).
    public func nextDueAt(lenderID: String?) throws -> Instant? {
        let value = lenderID == nil
            ? try db.scalarInt("SELECT min(due_at) FROM outbox WHERE status IN ('planned', 'sending') AND status = 'planned'")
            : try db.scalarInt("""
                SELECT min(due_at) FROM outbox WHERE status IN ('planned', 'sending') AND status = 'planned' AND lender_id = ?
                """, [.text(lenderID!)])
        return value.map { Instant(secondsSinceEpoch: $0) }
    }

    /// Messages a dispatcher claimed and never settled (it was killed mid-send).
    public func interruptedSends(lenderID: String?) throws -> [OutboxEntry] {
        var condition = "WHERE o.status IN ('planned', 'sending') AND o.status = 'sending'"
        var values: [SQLiteValue] = []
        if let lenderID { condition += " AND o.lender_id = ?"; values.append(.text(lenderID)) }
        return try outboxEntries(condition, values, limit: 100_000)
    }

    /// Claims a planned message for sending; false when another dispatcher got it first.
    /// Claims the messages still `planned` among `ids` for sending, in one statement; returns those it claimed
    /// (another dispatcher may have taken the rest).
    public func claimForSending(ids: [Int64], at: Instant) throws -> Set<Int64> {
        var claimed = Set<Int64>()
        guard !ids.isEmpty else { return claimed }
        try db.cached("""
            UPDATE outbox SET status = 'sending', claimed_at = ?, attempts = attempts + 1
            WHERE id IN (SELECT value FROM json_each(?)) AND status = 'planned' RETURNING id
            """).forEachRow([.integer(at.secondsSinceEpoch), .text(Self.jsonArray(ids))]) { row in claimed.insert(row.int64(0)) }
        return claimed
    }

    public func markSent(id: Int64, at: Instant) throws {
        try db.cached("UPDATE outbox SET status = 'sent', sent_at = ? WHERE id = ? AND status IN ('planned', 'sending')")
            .run([.integer(at.secondsSinceEpoch), .integer(id)])
    }

    /// Records the provider's acceptance of a claimed message.
    public func recordSent(id: Int64, at: Instant, provider: String, providerMessageID: String, reason: String?) throws {
        try db.cached("""
            UPDATE outbox SET status = 'sent', sent_at = ?, provider = ?, provider_message_id = ?, reason = coalesce(?, reason)
            WHERE id = ? AND status = 'sending'
            """).run([.integer(at.secondsSinceEpoch), .text(provider), .text(providerMessageID),
                      reason.map { .text($0) } ?? .null, .integer(id)])
    }

    /// Puts a message back to wait until `dueAt` (a gate reschedule, or a retry after a provider error).
    public func reschedule(id: Int64, dueAt: Instant, reason: String) throws {
        try db.cached("UPDATE outbox SET status = 'planned', due_at = ?, reason = ? WHERE id = ? AND status IN ('planned', 'sending')")
            .run([.integer(dueAt.secondsSinceEpoch), .text(reason), .integer(id)])
    }

    /// Ends a message that will not be sent: `failed`, `blocked` or `dropped`, with the reason.
    public func settle(id: Int64, status: OutboxMessage.Status, reason: String, provider: String? = nil) throws {
        precondition([.failed, .blocked, .dropped].contains(status), "settle is for final statuses")
        try db.cached("""
            UPDATE outbox SET status = ?, reason = ?, provider = coalesce(?, provider) WHERE id = ? AND status IN ('planned', 'sending')
            """).run([.text(status.rawValue), .text(reason), provider.map { .text($0) } ?? .null, .integer(id)])
    }

    func outboxEntries(_ condition: String, _ values: [SQLiteValue], limit: Int, ordered: Bool = false) throws -> [OutboxEntry] {
        var entries: [OutboxEntry] = []
        try db.cached("""
            SELECT \(Self.outboxColumns)
            FROM outbox o JOIN borrowers b ON b.id = o.borrower_key LEFT JOIN loans l ON l.id = o.loan_key
            \(condition)\(ordered ? "" : " ORDER BY o.id") LIMIT ?
            """).forEachRow(values + [.integer(Int64(limit))]) { row in
            entries.append(Self.outboxEntry(row))
        }
        return entries
    }

    /// The string members of a stored `variables` object. `enqueue` writes them as a flat object of plain strings, which
    /// the fast path reads without building a JSON tree; anything else (escapes, other values, spacing) goes to the parser.
    static func stringMembers(_ text: String) -> [String: String] {
        if let flat = flatStringObject(text) { return flat }
        guard case .object(let members)? = try? JSONParser.parse(text) else { return [:] }
        return members.compactMapValues { if case .string(let text) = $0 { text } else { nil } }
    }

    /// `{"k":"v",...}` with no backslash or control character inside the strings; nil for anything else.
    static func flatStringObject(_ text: String) -> [String: String]? {
        var text = text
        return text.withUTF8 { bytes -> [String: String]? in
            let quote = UInt8(ascii: "\""), count = bytes.count
            var index = 0
            func string() -> String? {
                guard index < count, bytes[index] == quote else { return nil }
                let start = index + 1
                var end = start
                while end < count, bytes[end] != quote {
                    if bytes[end] == UInt8(ascii: "\\") || bytes[end] < 0x20 { return nil }
                    end += 1
                }
                guard end < count else { return nil }
                index = end + 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            }
            guard count >= 2, bytes[0] == UInt8(ascii: "{"), bytes[count - 1] == UInt8(ascii: "}") else { return nil }
            var members: [String: String] = [:]
            index = 1
            if index == count - 1 { return members }
            while true {
                guard let key = string(), index < count, bytes[index] == UInt8(ascii: ":"), members[key] == nil else { return nil }
                index += 1
                guard let value = string(), index < count else { return nil }
                members[key] = value
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                return bytes[index] == UInt8(ascii: "}") && index == count - 1 ? members : nil
            }
        }
    }

    static func outboxEntry(_ row: SQLiteRow) -> OutboxEntry {
        func instant(_ column: Int32) -> Instant? { row.optionalInt64(column).map { Instant(secondsSinceEpoch: $0) } }
        var message = OutboxMessage(
            id: row.int64(0), lenderID: row.string(1), borrowerKey: row.int64(2), loanKey: row.optionalInt64(3),
            caseKey: row.optionalInt64(4), channel: row.string(5), template: row.string(6), language: row.string(7),
            destination: row.string(8), body: row.string(9), status: OutboxMessage.Status(rawValue: row.string(10)) ?? .failed,
            plannedAt: Instant(secondsSinceEpoch: row.int64(11)), sentAt: instant(12),
            reason: row.optionalString(13), idempotencyKey: row.string(14))
        message.purpose = MessagePurpose(rawValue: row.string(17)) ?? .collection
        message.subject = row.optionalString(18)
        message.variables = Self.stringMembers(row.string(19))
        message.logicalKey = row.optionalString(20)
        message.fallbacks = row.string(21).split(separator: ",").compactMap { Channel(rawValue: String($0)) }
        message.window = row.optionalInt64(22).map { Int($0) }
        message.segment = row.optionalString(23)
        message.dueAt = instant(24)
        message.attempts = row.int(25)
        message.provider = row.optionalString(26)
        message.providerMessageID = row.optionalString(27)
        message.deliveredAt = instant(28)
        message.readAt = instant(29)
        return OutboxEntry(message: message, borrowerID: row.string(15), loanID: row.optionalString(16),
                           caseID: message.caseKey.map(CaseSummary.displayID))
    }
}
