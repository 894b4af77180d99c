import ParleyCore

/// What a delivery receipt did to its message.
public enum ReceiptOutcome: Equatable, Sendable {
    /// The message moved to a new status.
    case applied(outboxID: Int64, from: String, to: String)
    /// A duplicate, or a receipt that would move the message backwards (read never returns to delivered).
    case ignored(outboxID: Int64, status: String)
    /// No message carries that provider id yet (the receipt overtook the send's own record); kept and applied
    /// when the send is recorded.
    case pending
}

extension SQLiteStore {
    /// Applies a provider's delivery receipt, monotonically: planned < sending < sent < delivered < read, and
    /// `failed` only before delivery. Duplicates and stale receipts change nothing.
    public func applyReceipt(channel: String, providerMessageID: String, status: String, at: Instant,
                             error: String?) throws -> ReceiptOutcome {
        var row: (id: Int64, status: String)?
        // A provider's ids should be unique; if one repeats an id, the receipt belongs to the latest send that got it.
        try db.cached("SELECT id, status FROM outbox WHERE channel = ? AND provider_message_id = ? ORDER BY id DESC LIMIT 1")
            .forEachRow([.text(channel), .text(providerMessageID)]) { row = ($0.int64(0), $0.string(1)) }
        guard let row else {
            try db.cached("INSERT INTO pending_receipts (channel, provider_message_id, status, at, error) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .run([.text(channel), .text(providerMessageID), .text(status), .integer(at.secondsSinceEpoch), error.map { .text($0) } ?? .null])
            return .pending
        }
        guard let next = DeliveryProgress.advanced(from: row.status, to: status) else {
            return .ignored(outboxID: row.id, status: row.status)
        }
        // delivered_at is set by its own CASE below: SQLite keeps only the last assignment to a column named twice.
        let column = next == "read" ? "read_at" : "sent_at"
        try db.cached("""
            UPDATE outbox SET status = ?, \(column) = coalesce(\(column), ?),
                   delivered_at = CASE WHEN ? IN ('delivered', 'read') THEN coalesce(delivered_at, ?) ELSE delivered_at END,
                   reason = CASE WHEN ? = 'failed' THEN ? ELSE reason END,
                   needs_failover = CASE WHEN ? = 'failed' AND fallbacks <> '' THEN 1 ELSE needs_failover END
            WHERE id = ?
            """).run([.text(next), .integer(at.secondsSinceEpoch), .text(next), .integer(at.secondsSinceEpoch),
                      .text(next), .text(Self.receiptFailure(error)), .text(next), .integer(row.id)])
        return .applied(outboxID: row.id, from: row.status, to: next)
    }

    static func receiptFailure(_ error: String?) -> String {
        (["rule": "receipt.failed", "summary": .string("The provider reported the message undeliverable after accepting it"
            + (error.map { ": \($0)" } ?? "") + "."), "inputs": ["error": error.map { .string($0) } ?? .null]] as JSONValue).canonical
    }

    /// Messages a receipt failed after the provider accepted them, still to be handed to their next channel.
    public func awaitingFailover(lenderID: String?) throws -> [OutboxEntry] {
        var condition = "WHERE o.needs_failover = 1"
        var values: [SQLiteValue] = []
        if let lenderID { condition += " AND o.lender_id = ?"; values.append(.text(lenderID)) }
        return try outboxEntries(condition, values, limit: 10_000)
    }

    public func clearFailover(id: Int64) throws {
        try db.cached("UPDATE outbox SET needs_failover = 0 WHERE id = ?").run([.integer(id)])
    }

    /// Which of these provider ids have receipts waiting (one query for a chunk of sends).
    public func providerIDsWithPendingReceipts(channel: String, among ids: [String]) throws -> Set<String> {
        var found: Set<String> = []
        let list = JSONValue.array(ids.map { .string($0) }).canonical
        try db.cached("SELECT provider_message_id FROM pending_receipts WHERE channel = ? AND provider_message_id IN (SELECT value FROM json_each(?))")
            .forEachRow([.text(channel), .text(list)]) { found.insert($0.string(0)) }
        return found
    }

    /// Receipts that arrived before the send was recorded, for a message just recorded as sent (applied in time order).
    public func takePendingReceipts(channel: String, providerMessageID: String) throws -> [(status: String, at: Instant, error: String?)] {
        var found: [(status: String, at: Instant, error: String?)] = []
        try db.cached("SELECT status, at, error FROM pending_receipts WHERE channel = ? AND provider_message_id = ? ORDER BY at")
            .forEachRow([.text(channel), .text(providerMessageID)]) {
                found.append(($0.string(0), Instant(secondsSinceEpoch: $0.int64(1)), $0.optionalString(2)))
            }
        if !found.isEmpty {
            try db.cached("DELETE FROM pending_receipts WHERE channel = ? AND provider_message_id = ?")
                .run([.text(channel), .text(providerMessageID)])
        }
        return found
    }
}
