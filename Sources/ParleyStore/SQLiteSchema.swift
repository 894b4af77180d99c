/// The SQLite schema, as versioned migrations. Applied in order; never edited once released.
enum SQLiteSchema {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "foundation", sql: """
        CREATE TABLE lenders (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO lenders (id, name) VALUES ('default', 'Default lender');

        CREATE TABLE policies (
            lender_id TEXT PRIMARY KEY REFERENCES lenders(id),
            document TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE borrowers (
            id INTEGER PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            borrower_id TEXT NOT NULL,
            name TEXT NOT NULL,
            phone TEXT NOT NULL,
            email TEXT,
            language TEXT NOT NULL,
            timezone TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            UNIQUE (lender_id, borrower_id)
        );

        CREATE TABLE loans (
            id INTEGER PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            loan_id TEXT NOT NULL,
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            currency TEXT NOT NULL,
            principal INTEGER NOT NULL,
            annual_rate_bps INTEGER NOT NULL,
            tenure_months INTEGER NOT NULL,
            first_due_on INTEGER NOT NULL,
            emi INTEGER NOT NULL,
            emi_given INTEGER NOT NULL,
            import_id INTEGER NOT NULL,
            UNIQUE (lender_id, loan_id)
        );
        CREATE INDEX loans_by_lender ON loans (lender_id, id);

        CREATE TABLE payments (
            id INTEGER PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            loan_key INTEGER NOT NULL REFERENCES loans(id),
            paid_on INTEGER NOT NULL,
            amount INTEGER NOT NULL CHECK (amount > 0),
            reference TEXT NOT NULL,
            import_id INTEGER NOT NULL,
            UNIQUE (lender_id, reference)
        );
        CREATE INDEX payments_by_loan ON payments (loan_key, paid_on, id);

        CREATE TABLE cases (
            id INTEGER PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            loan_key INTEGER NOT NULL REFERENCES loans(id),
            status TEXT NOT NULL,
            is_open INTEGER NOT NULL,
            holds TEXT NOT NULL DEFAULT '',
            event_count INTEGER NOT NULL,
            last_hash TEXT NOT NULL,
            opened_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            ever_agreed INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX cases_one_open_per_loan ON cases (loan_key) WHERE is_open = 1;
        CREATE INDEX cases_by_lender ON cases (lender_id, status, id);
        CREATE INDEX cases_by_loan ON cases (loan_key, id);

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            case_key INTEGER NOT NULL REFERENCES cases(id),
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            at INTEGER NOT NULL,
            actor_kind TEXT NOT NULL,
            actor_id TEXT NOT NULL,
            rule TEXT,
            inputs TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (case_key, seq)
        );
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

        CREATE TABLE cycle_runs (
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            as_of INTEGER NOT NULL,
            loans_checked INTEGER NOT NULL DEFAULT 0,
            cases_opened INTEGER NOT NULL DEFAULT 0,
            cases_cured INTEGER NOT NULL DEFAULT 0,
            completed INTEGER NOT NULL DEFAULT 0,
            runs INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (lender_id, as_of)
        ) WITHOUT ROWID;
        """),
        Migration(version: 2, name: "access, outbox, documents", sql: """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL UNIQUE COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            lender_id TEXT REFERENCES lenders(id),
            created_at INTEGER NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_id INTEGER REFERENCES users(id),
            lender_id TEXT REFERENCES lenders(id),
            borrower_key INTEGER REFERENCES borrowers(id),
            csrf TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            CHECK ((user_id IS NULL) != (borrower_key IS NULL))
        ) WITHOUT ROWID;

        CREATE TABLE api_keys (
            id INTEGER PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            prefix TEXT NOT NULL UNIQUE,
            key_hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER
        );

        CREATE TABLE borrower_links (
            token_hash TEXT PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            loan_key INTEGER NOT NULL REFERENCES loans(id),
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            code_hash TEXT,
            code_expires_at INTEGER,
            code_attempts INTEGER NOT NULL DEFAULT 0,
            locked INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            loan_key INTEGER REFERENCES loans(id),
            case_key INTEGER REFERENCES cases(id),
            channel TEXT NOT NULL,
            template TEXT NOT NULL,
            language TEXT NOT NULL,
            destination TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL,
            planned_at INTEGER NOT NULL,
            sent_at INTEGER,
            reason TEXT,
            idempotency_key TEXT NOT NULL UNIQUE
        );
        CREATE INDEX outbox_by_lender ON outbox (lender_id, id);

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            case_key INTEGER NOT NULL REFERENCES cases(id),
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            uploaded_at INTEGER NOT NULL
        );
        CREATE INDEX documents_by_case ON documents (case_key, id);
        """),
        Migration(version: 3, name: "loans by borrower", sql: """
        CREATE INDEX loans_by_borrower ON loans (borrower_key, loan_id);
        CREATE INDEX borrower_links_by_loan ON borrower_links (loan_key);
        """),
        Migration(version: 4, name: "contact preferences and borrower holds", sql: """
        CREATE TABLE contact_preferences (
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            channel TEXT NOT NULL,
            opted_out_at INTEGER,
            consented_at INTEGER,
            source TEXT NOT NULL,
            PRIMARY KEY (borrower_key, channel)
        ) WITHOUT ROWID;

        CREATE TABLE borrower_holds (
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            kind TEXT NOT NULL,
            placed_at INTEGER NOT NULL,
            placed_by TEXT NOT NULL,
            PRIMARY KEY (borrower_key, kind)
        ) WITHOUT ROWID;
        """),
        Migration(version: 5, name: "outreach: dispatch state, receipts, inbound, push tokens, lender templates", sql: """
        ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT 'collection';
        ALTER TABLE outbox ADD COLUMN subject TEXT;
        ALTER TABLE outbox ADD COLUMN variables TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE outbox ADD COLUMN logical_key TEXT;
        ALTER TABLE outbox ADD COLUMN fallbacks TEXT NOT NULL DEFAULT '';
        ALTER TABLE outbox ADD COLUMN window INTEGER;
        ALTER TABLE outbox ADD COLUMN due_at INTEGER;
        ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
        ALTER TABLE outbox ADD COLUMN provider TEXT;
        ALTER TABLE outbox ADD COLUMN provider_message_id TEXT;
        ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
        ALTER TABLE outbox ADD COLUMN read_at INTEGER;
        ALTER TABLE outbox ADD COLUMN unsubscribe_token TEXT;
        ALTER TABLE outbox ADD COLUMN segment TEXT;
        ALTER TABLE outbox ADD COLUMN needs_failover INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE borrowers ADD COLUMN preferred_language TEXT;
        CREATE INDEX borrowers_by_phone ON borrowers (phone);
        UPDATE outbox SET due_at = planned_at, logical_key = idempotency_key;
        CREATE INDEX outbox_due ON outbox (status, due_at) WHERE status IN ('planned', 'sending');
        CREATE INDEX outbox_by_logical ON outbox (logical_key);
        CREATE INDEX outbox_by_borrower ON outbox (borrower_key, planned_at);
        CREATE INDEX outbox_by_provider_id ON outbox (channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
        CREATE UNIQUE INDEX outbox_by_unsubscribe ON outbox (unsubscribe_token) WHERE unsubscribe_token IS NOT NULL;

        CREATE TABLE contact_events (
            id INTEGER PRIMARY KEY,
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            outbox_id INTEGER REFERENCES outbox(id),
            channel TEXT,
            kind TEXT NOT NULL,
            at INTEGER NOT NULL,
            source_key TEXT UNIQUE
        );
        CREATE INDEX contact_events_by_borrower ON contact_events (borrower_key, at);

        CREATE TABLE pending_receipts (
            channel TEXT NOT NULL,
            provider_message_id TEXT NOT NULL,
            status TEXT NOT NULL,
            at INTEGER NOT NULL,
            error TEXT,
            PRIMARY KEY (channel, provider_message_id, status)
        ) WITHOUT ROWID;

        CREATE TABLE inbound_messages (
            id INTEGER PRIMARY KEY,
            channel TEXT NOT NULL,
            provider_message_id TEXT NOT NULL,
            sender TEXT NOT NULL,
            borrower_key INTEGER REFERENCES borrowers(id),
            text TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            action TEXT NOT NULL,
            UNIQUE (channel, provider_message_id)
        );

        CREATE TABLE push_tokens (
            token TEXT PRIMARY KEY,
            borrower_key INTEGER NOT NULL REFERENCES borrowers(id),
            registered_at INTEGER NOT NULL,
            retired_at INTEGER,
            retired_reason TEXT
        ) WITHOUT ROWID;
        CREATE INDEX push_tokens_by_borrower ON push_tokens (borrower_key);

        CREATE TABLE lender_templates (
            lender_id TEXT NOT NULL REFERENCES lenders(id),
            key TEXT NOT NULL,
            channel TEXT NOT NULL,
            language TEXT NOT NULL,
            subject TEXT,
            text TEXT NOT NULL,
            whatsapp_name TEXT,
            dlt_template_id TEXT,
            dlt_text TEXT,
            PRIMARY KEY (lender_id, key, channel, language)
        ) WITHOUT ROWID;
        """),
        Migration(version: 6, name: "indexes for the open cases a cycle walks and the messages awaiting fail-over", sql: """
        CREATE INDEX cases_open_by_lender ON cases (lender_id, id) WHERE is_open = 1;
        CREATE INDEX outbox_awaiting_failover ON outbox (id) WHERE needs_failover = 1;
        """),
        Migration(version: 7, name: "payments read from their index alone; policy versions for cached parsing", sql: """
        CREATE INDEX payments_by_loan_covering ON payments (loan_key, paid_on, id, amount);
        DROP INDEX payments_by_loan;
        ALTER TABLE policies ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        """),
        // Every dues read needs all of a loan's payments; reading them from their index cost a row step each
        // (most of a dues request). The loan row now carries them as `paid_on:amount;` entries in insertion order,
        // appended by a trigger in the transaction that inserts the payment, so they cannot disagree with the table
        // (payments are never updated or deleted). `payments` stays the record; the log is its projection.
        Migration(version: 8, name: "each loan carries its payment log", sql: """
        ALTER TABLE loans ADD COLUMN payment_log TEXT NOT NULL DEFAULT '';
        UPDATE loans SET payment_log = (
            SELECT group_concat(paid_on || ':' || amount || ';', '')
            FROM (SELECT paid_on, amount FROM payments p WHERE p.loan_key = loans.id ORDER BY paid_on, id))
        WHERE id IN (SELECT loan_key FROM payments);
        CREATE TRIGGER payments_logged_on_loan AFTER INSERT ON payments BEGIN
            UPDATE loans SET payment_log = payment_log || NEW.paid_on || ':' || NEW.amount || ';' WHERE id = NEW.loan_key;
        END;
        """),
    ]
}
