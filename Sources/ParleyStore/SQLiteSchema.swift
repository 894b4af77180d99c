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
    ]
}
