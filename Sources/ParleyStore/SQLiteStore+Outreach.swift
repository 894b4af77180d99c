import ParleyCore

/// Per-channel send figures of one borrower, by contact window (the planner's behaviour input).
public struct ChannelWindowCounts: Hashable, Sendable {
    public let channel: Channel
    public let window: Int
    public var sent = 0, delivered = 0, read = 0, failed = 0
}

/// Trials and engagements of one (segment, channel, window) arm, across a lender's borrowers.
public struct ArmCounts: Hashable, Sendable {
    public let segment: String
    public let channel: Channel
    public let window: Int
    public let trials: Int
    public let successes: Int
}

/// Consent, push tokens, inbound messages, engagement events and the figures the planner and gate read.
extension SQLiteStore {
    // MARK: Consent and language

    /// Records an opt-in (WhatsApp needs one); false when it was already in force. An opt-in clears an earlier opt-out.
    public func consent(borrowerKey: Int64, channel: String, at: Instant, source: String) throws -> Bool {
        try db.cached("""
            INSERT INTO contact_preferences (borrower_key, channel, consented_at, source) VALUES (?, ?, ?, ?)
            ON CONFLICT (borrower_key, channel) DO UPDATE SET consented_at = excluded.consented_at, opted_out_at = NULL,
                source = excluded.source WHERE consented_at IS NULL OR opted_out_at IS NOT NULL
            """).run([.integer(borrowerKey), .text(channel), .integer(at.secondsSinceEpoch), .text(source)]) == 1
    }

    public func consentedChannels(borrowerKey: Int64) throws -> Set<String> {
        var channels: Set<String> = []
        try db.cached("SELECT channel FROM contact_preferences WHERE borrower_key = ? AND consented_at IS NOT NULL AND opted_out_at IS NULL")
            .forEachRow([.integer(borrowerKey)]) { channels.insert($0.string(0)) }
        return channels
    }

    /// The borrower's own language choice (from an inbound message or the portal), over the loan book's.
    public func setPreferredLanguage(borrowerKey: Int64, language: String) throws -> Bool {
        try db.cached("UPDATE borrowers SET preferred_language = ? WHERE id = ? AND coalesce(preferred_language, language) <> ?")
            .run([.text(language), .integer(borrowerKey), .text(language)]) == 1
    }

    /// Borrowers (of any lender) registered with this phone number, for inbound messages.
    public func borrowers(phone: String) throws -> [StoredBorrower] {
        var keys: [Int64] = []
        try db.cached("SELECT id FROM borrowers WHERE phone = ? ORDER BY id").forEachRow([.text(phone)]) { keys.append($0.int64(0)) }
        return try keys.compactMap { try borrower(key: $0) }
    }

    // MARK: Push tokens

    public func registerPushToken(_ token: String, borrowerKey: Int64, at: Instant) throws {
        try db.cached("""
            INSERT INTO push_tokens (token, borrower_key, registered_at) VALUES (?, ?, ?)
            ON CONFLICT (token) DO UPDATE SET borrower_key = excluded.borrower_key, registered_at = excluded.registered_at,
                retired_at = NULL, retired_reason = NULL
            """).run([.text(token), .integer(borrowerKey), .integer(at.secondsSinceEpoch)])
    }

    /// The borrower's live push tokens, newest first.
    public func pushTokens(borrowerKey: Int64) throws -> [String] {
        var tokens: [String] = []
        try db.cached("SELECT token FROM push_tokens WHERE borrower_key = ? AND retired_at IS NULL ORDER BY registered_at DESC, token")
            .forEachRow([.integer(borrowerKey)]) { tokens.append($0.string(0)) }
        return tokens
    }

    /// Retires a token FCM reported dead; false when it was unknown or already retired.
    public func retirePushToken(_ token: String, at: Instant, reason: String) throws -> Bool {
        try db.cached("UPDATE push_tokens SET retired_at = ?, retired_reason = ? WHERE token = ? AND retired_at IS NULL")
            .run([.integer(at.secondsSinceEpoch), .text(reason), .text(token)]) == 1
    }

    // MARK: Inbound messages and engagement

    /// Records an inbound message once; false on a duplicate delivery of the same provider message.
    public func recordInbound(channel: String, providerMessageID: String, sender: String, borrowerKey: Int64?, text: String,
                              at: Instant, action: String) throws -> Bool {
        try db.cached("""
            INSERT INTO inbound_messages (channel, provider_message_id, sender, borrower_key, text, received_at, action)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, provider_message_id) DO NOTHING
            """).run([.text(channel), .text(providerMessageID), .text(sender), borrowerKey.map { .integer($0) } ?? .null,
                      .text(text), .integer(at.secondsSinceEpoch), .text(action)]) == 1
    }

    /// The last message the borrower sent us on a channel (opens WhatsApp's 24-hour customer-service window).
    public func lastInbound(borrowerKey: Int64, channel: String) throws -> Instant? {
        try db.scalarInt("SELECT max(received_at) FROM inbound_messages WHERE borrower_key = ? AND channel = ?",
                         [.integer(borrowerKey), .text(channel)]).map { Instant(secondsSinceEpoch: $0) }
    }

    /// Records an engagement (`replied`, `clicked`, `portal_visit`, …) once per `sourceKey`.
    public func addContactEvent(borrowerKey: Int64, outboxID: Int64?, channel: String?, kind: String, at: Instant,
                                sourceKey: String?) throws -> Bool {
        try db.cached("""
            INSERT INTO contact_events (borrower_key, outbox_id, channel, kind, at, source_key) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_key) DO NOTHING
            """).run([.integer(borrowerKey), outboxID.map { .integer($0) } ?? .null, channel.map { .text($0) } ?? .null,
                      .text(kind), .integer(at.secondsSinceEpoch), sourceKey.map { .text($0) } ?? .null]) == 1
    }

    /// The last message that reached the borrower on a channel (a reply is credited to it).
    public func lastSentOutboxID(borrowerKey: Int64, channel: String) throws -> Int64? {
        try db.scalarInt("""
            SELECT id FROM outbox WHERE borrower_key = ? AND channel = ? AND status IN ('sent', 'delivered', 'read')
            ORDER BY sent_at DESC, id DESC LIMIT 1
            """, [.integer(borrowerKey), .text(channel)])
    }

    /// Engagement events of a borrower since an instant: (kind, channel, at).
    public func contactEvents(borrowerKey: Int64, since: Instant) throws -> [(kind: String, channel: Channel?, at: Instant)] {
        var events: [(kind: String, channel: Channel?, at: Instant)] = []
        try db.cached("SELECT kind, channel, at FROM contact_events WHERE borrower_key = ? AND at >= ? ORDER BY at")
            .forEachRow([.integer(borrowerKey), .integer(since.secondsSinceEpoch)]) { row in
                events.append((row.string(0), row.optionalString(1).flatMap(Channel.init(rawValue:)), Instant(secondsSinceEpoch: row.int64(2))))
            }
        return events
    }

    // MARK: Figures for the gate and the planner

    /// For a group of borrowers at once: holds, opt-outs, consents, and the collection sends since `since` (sent or
    /// being sent: what frequency caps count).
    public func contactSnapshots(borrowerKeys: [Int64], since: Instant) throws
        -> [Int64: (holds: Set<HoldKind>, optedOut: Set<String>, consented: Set<String>, sends: [(channel: Channel, at: Instant)])] {
        var snapshots: [Int64: (holds: Set<HoldKind>, optedOut: Set<String>, consented: Set<String>, sends: [(channel: Channel, at: Instant)])] = [:]
        for key in borrowerKeys { snapshots[key] = ([], [], [], []) }
        let keys: [SQLiteValue] = [.text(Self.jsonArray(borrowerKeys))]
        try db.cached("SELECT borrower_key, kind FROM borrower_holds WHERE borrower_key IN (SELECT value FROM json_each(?))")
            .forEachRow(keys) { row in
                if let kind = HoldKind(rawValue: row.string(1)) { snapshots[row.int64(0)]?.holds.insert(kind) }
            }
        try db.cached("""
            SELECT borrower_key, channel, opted_out_at IS NOT NULL, consented_at IS NOT NULL AND opted_out_at IS NULL
            FROM contact_preferences WHERE borrower_key IN (SELECT value FROM json_each(?))
            """).forEachRow(keys) { row in
            let key = row.int64(0), channel = row.string(1)
            if row.int(2) == 1 { snapshots[key]?.optedOut.insert(channel) }
            if row.int(3) == 1 { snapshots[key]?.consented.insert(channel) }
        }
        try db.cached("""
            SELECT borrower_key, channel, coalesce(sent_at, claimed_at) FROM outbox
            WHERE borrower_key IN (SELECT value FROM json_each(?)) AND purpose = 'collection'
              AND status IN ('sending', 'sent', 'delivered', 'read') AND coalesce(sent_at, claimed_at) >= ?
            """).forEachRow(keys + [.integer(since.secondsSinceEpoch)]) { row in
            if let channel = Channel(rawValue: row.string(1)) {
                snapshots[row.int64(0)]?.sends.append((channel, Instant(secondsSinceEpoch: row.int64(2))))
            }
        }
        return snapshots
    }

    /// The borrower's sends by channel and window since `since`.
    public func sendCounts(borrowerKey: Int64, since: Instant) throws -> [ChannelWindowCounts] {
        var counts: [ChannelWindowCounts] = []
        try db.cached("""
            SELECT channel, coalesce(window, 0),
                   sum(status IN ('sent', 'delivered', 'read')), sum(status IN ('delivered', 'read')), sum(status = 'read'),
                   sum(status = 'failed')
            FROM outbox WHERE borrower_key = ? AND purpose = 'collection' AND planned_at >= ? GROUP BY 1, 2 ORDER BY 1, 2
            """).forEachRow([.integer(borrowerKey), .integer(since.secondsSinceEpoch)]) { row in
            guard let channel = Channel(rawValue: row.string(0)) else { return }
            counts.append(ChannelWindowCounts(channel: channel, window: row.int(1), sent: row.int(2), delivered: row.int(3),
                                              read: row.int(4), failed: row.int(5)))
        }
        return counts
    }

    /// The learner's arms for a lender: trials are messages that reached the provider, successes those the
    /// borrower read or acted on (a reply, a click or a portal visit recorded against the message).
    public func armCounts(lenderID: String, since: Instant) throws -> [ArmCounts] {
        var arms: [ArmCounts] = []
        try db.cached("""
            SELECT o.segment, o.channel, o.window, count(*),
                   sum(o.status = 'read' OR EXISTS (SELECT 1 FROM contact_events e WHERE e.outbox_id = o.id))
            FROM outbox o
            WHERE o.lender_id = ? AND o.segment IS NOT NULL AND o.window IS NOT NULL AND o.planned_at >= ?
              AND o.status IN ('sent', 'delivered', 'read')
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            """).forEachRow([.text(lenderID), .integer(since.secondsSinceEpoch)]) { row in
            guard let channel = Channel(rawValue: row.string(1)) else { return }
            arms.append(ArmCounts(segment: row.string(0), channel: channel, window: row.int(2), trials: row.int(3), successes: row.int(4)))
        }
        return arms
    }

    // MARK: Email unsubscribe

    /// Gives an email message its one-click unsubscribe token (RFC 8058); returns the token in force.
    public func assignUnsubscribeToken(outboxID: Int64, token: String) throws -> String {
        try db.cached("UPDATE outbox SET unsubscribe_token = coalesce(unsubscribe_token, ?) WHERE id = ?")
            .run([.text(token), .integer(outboxID)])
        return try outboxUnsubscribeToken(outboxID: outboxID) ?? token
    }

    public func outboxUnsubscribeToken(outboxID: Int64) throws -> String? {
        var token: String?
        try db.cached("SELECT unsubscribe_token FROM outbox WHERE id = ?").forEachRow([.integer(outboxID)]) { token = $0.optionalString(0) }
        return token
    }

    /// The message an unsubscribe token was issued for.
    public func outboxEntry(unsubscribeToken: String) throws -> OutboxEntry? {
        try outboxEntries("WHERE o.unsubscribe_token = ?", [.text(unsubscribeToken)], limit: 1).first
    }
}

/// A lender's own wording of a template for one channel and language (overrides the built-in one).
public struct StoredTemplate: Hashable, Sendable {
    public var lenderID: String
    public var key: String
    public var channel: Channel
    public var language: String
    public var subject: String?
    public var text: String
    public var whatsAppName: String?
    public var dltTemplateID: String?
    public var dltText: String?

    public init(lenderID: String, key: String, channel: Channel, language: String, subject: String?, text: String,
                whatsAppName: String?, dltTemplateID: String?, dltText: String?) {
        self.lenderID = lenderID; self.key = key; self.channel = channel; self.language = language; self.subject = subject
        self.text = text; self.whatsAppName = whatsAppName; self.dltTemplateID = dltTemplateID; self.dltText = dltText
    }
}

extension SQLiteStore {
    public func saveTemplate(_ template: StoredTemplate) throws {
        try requireLender(template.lenderID)
        try db.cached("""
            INSERT INTO lender_templates (lender_id, key, channel, language, subject, text, whatsapp_name, dlt_template_id, dlt_text)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (lender_id, key, channel, language) DO UPDATE SET subject = excluded.subject, text = excluded.text,
                whatsapp_name = excluded.whatsapp_name, dlt_template_id = excluded.dlt_template_id, dlt_text = excluded.dlt_text
            """).run([.text(template.lenderID), .text(template.key), .text(template.channel.rawValue), .text(template.language),
                      template.subject.map { .text($0) } ?? .null, .text(template.text), template.whatsAppName.map { .text($0) } ?? .null,
                      template.dltTemplateID.map { .text($0) } ?? .null, template.dltText.map { .text($0) } ?? .null])
    }

    public func template(lenderID: String, key: String, channel: Channel, language: String) throws -> StoredTemplate? {
        var found: StoredTemplate?
        try db.cached("""
            SELECT subject, text, whatsapp_name, dlt_template_id, dlt_text FROM lender_templates
            WHERE lender_id = ? AND key = ? AND channel = ? AND language = ?
            """).forEachRow([.text(lenderID), .text(key), .text(channel.rawValue), .text(language)]) { row in
            found = StoredTemplate(lenderID: lenderID, key: key, channel: channel, language: language, subject: row.optionalString(0),
                                   text: row.string(1), whatsAppName: row.optionalString(2), dltTemplateID: row.optionalString(3),
                                   dltText: row.optionalString(4))
        }
        return found
    }
}
