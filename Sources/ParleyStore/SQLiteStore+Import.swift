import ParleyCore

extension SQLiteStore {
    public func nextImportID() throws -> Int64 {
        let loans = try db.scalarInt("SELECT coalesce(max(import_id), 0) FROM loans") ?? 0
        let payments = try db.scalarInt("SELECT coalesce(max(import_id), 0) FROM payments") ?? 0
        return max(loans, payments) + 1
    }

    public func upsertLoan(_ record: LoanRecord, lenderID: String, importID: Int64) throws -> RowOutcome {
        let terms = record.terms
        // Decide about an existing loan first: a rejected row must not touch the borrower either.
        var existing: RowOutcome?
        try db.cached("""
            SELECT l.import_id, b.borrower_id, l.currency, l.principal, l.annual_rate_bps, l.tenure_months,
                   l.first_due_on, l.emi, l.emi_given
            FROM loans l JOIN borrowers b ON b.id = l.borrower_key
            WHERE l.lender_id = ? AND l.loan_id = ?
            """).forEachRow([.text(lenderID), .text(record.loanID)]) { row in
            if row.int64(0) == importID { existing = .duplicateInImport; return }
            var differences: [String] = []
            if row.string(1) != record.borrowerID { differences.append("borrower_id \(row.string(1)) ≠ \(record.borrowerID)") }
            if row.string(2) != record.currency.code { differences.append("currency \(row.string(2)) ≠ \(record.currency.code)") }
            if row.int64(3) != terms.principal { differences.append("principal") }
            if row.int(4) != terms.annualRateBps { differences.append("annual_rate_bps") }
            if row.int(5) != terms.tenureMonths { differences.append("tenure_months") }
            if row.int(6) != Int(terms.firstDueOn.dayNumber) { differences.append("first_due_on") }
            if row.int64(7) != terms.emi || (row.int(8) == 1) != record.emiGiven { differences.append("emi") }
            existing = differences.isEmpty ? .unchanged
                : .conflict("loan \(record.loanID) is already stored with different \(differences.joined(separator: ", "))")
        }
        if let existing {
            // The same loan again: refresh the borrower's contact details (the latest row wins), nothing else.
            if existing == .unchanged { _ = try upsertBorrower(record, lenderID: lenderID) }
            return existing
        }
        let borrowerKey = try upsertBorrower(record, lenderID: lenderID)
        let insert = try db.cached("""
            INSERT INTO loans (lender_id, loan_id, borrower_key, currency, principal, annual_rate_bps, tenure_months,
                               first_due_on, emi, emi_given, import_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.bind(1, lenderID)
        try insert.bind(2, record.loanID)
        try insert.bind(3, borrowerKey)
        try insert.bind(4, record.currency.code)
        try insert.bind(5, terms.principal)
        try insert.bind(6, terms.annualRateBps)
        try insert.bind(7, terms.tenureMonths)
        try insert.bind(8, Int(terms.firstDueOn.dayNumber))
        try insert.bind(9, terms.emi)
        try insert.bind(10, record.emiGiven ? 1 : 0)
        try insert.bind(11, importID)
        _ = try insert.step()
        insert.reset()
        return .inserted
    }

    /// Inserts or refreshes the borrower's contact details (the latest row wins); returns its key.
    private func upsertBorrower(_ record: LoanRecord, lenderID: String) throws -> Int64 {
        let statement = try db.cached("""
            INSERT INTO borrowers (lender_id, borrower_id, name, phone, email, language, timezone, jurisdiction)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (lender_id, borrower_id) DO UPDATE SET
                name = excluded.name, phone = excluded.phone, email = excluded.email, language = excluded.language,
                timezone = excluded.timezone, jurisdiction = excluded.jurisdiction
            WHERE name IS NOT excluded.name OR phone IS NOT excluded.phone OR email IS NOT excluded.email
               OR language IS NOT excluded.language OR timezone IS NOT excluded.timezone
               OR jurisdiction IS NOT excluded.jurisdiction
            RETURNING id
            """)
        try statement.bind(1, lenderID)
        try statement.bind(2, record.borrowerID)
        try statement.bind(3, record.borrowerName)
        try statement.bind(4, record.phone)
        try statement.bind(5, record.email)
        try statement.bind(6, record.language)
        try statement.bind(7, record.timeZone)
        try statement.bind(8, record.jurisdiction.rawValue)
        var key: Int64?
        if try statement.step() { key = statement.row.int64(0) }
        statement.reset()
        if let key { return key }
        // Unchanged borrower: RETURNING yields nothing when the update's WHERE is false.
        guard let existing = try db.scalarInt("SELECT id FROM borrowers WHERE lender_id = ? AND borrower_id = ?",
                                              [.text(lenderID), .text(record.borrowerID)]) else {
            throw StoreError.corrupt("borrower \(record.borrowerID) vanished during import")
        }
        return existing
    }

    public func loanCurrency(lenderID: String, loanID: String) throws -> Currency? {
        let statement = try db.cached("SELECT currency FROM loans WHERE lender_id = ? AND loan_id = ?")
        try statement.bind(1, lenderID)
        try statement.bind(2, loanID)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return Currency(code: statement.row.string(0))
    }

    public func insertPayment(_ record: PaymentRecord, lenderID: String, importID: Int64) throws -> RowOutcome {
        let insert = try db.cached("""
            INSERT INTO payments (lender_id, loan_key, paid_on, amount, reference, import_id)
            SELECT ?, id, ?, ?, ?, ? FROM loans WHERE lender_id = ? AND loan_id = ?
            ON CONFLICT (lender_id, reference) DO NOTHING
            """)
        try insert.bind(1, lenderID)
        try insert.bind(2, Int(record.paidOn.dayNumber))
        try insert.bind(3, record.amount)
        try insert.bind(4, record.reference)
        try insert.bind(5, importID)
        try insert.bind(6, lenderID)
        try insert.bind(7, record.loanID)
        _ = try insert.step()
        insert.reset()
        if db.changes == 1 { return .inserted }

        var outcome: RowOutcome?
        try db.cached("""
            SELECT p.import_id, l.loan_id, p.paid_on, p.amount FROM payments p JOIN loans l ON l.id = p.loan_key
            WHERE p.lender_id = ? AND p.reference = ?
            """).forEachRow([.text(lenderID), .text(record.reference)]) { row in
            if row.int64(0) == importID { outcome = .duplicateInImport; return }
            if row.string(1) == record.loanID && row.int(2) == Int(record.paidOn.dayNumber) && row.int64(3) == record.amount {
                outcome = .unchanged
            } else {
                outcome = .conflict("payment reference \(record.reference) is already stored for loan \(row.string(1)) dated \(CivilDate(dayNumber: Int32(row.int(2)))) with amount \(row.int64(3)) minor units")
            }
        }
        guard let outcome else { throw StoreError.unknownLoan(record.loanID) }
        return outcome
    }

    // MARK: Loans

    public func loan(lenderID: String, loanID: String) throws -> StoredLoan? {
        var found: StoredLoan?
        try db.cached("""
            SELECT l.id, l.loan_id, b.borrower_id, b.name, b.phone, b.email, b.language, b.timezone, b.jurisdiction,
                   l.currency, l.principal, l.annual_rate_bps, l.tenure_months, l.first_due_on, l.emi, l.emi_given, l.borrower_key
            FROM loans l JOIN borrowers b ON b.id = l.borrower_key
            WHERE l.lender_id = ? AND l.loan_id = ?
            """).forEachRow([.text(lenderID), .text(loanID)]) { row in
            guard let jurisdiction = Jurisdiction(rawValue: row.string(8)), let currency = Currency(code: row.string(9)) else {
                throw StoreError.corrupt("loan \(loanID) has an unknown jurisdiction or currency")
            }
            let terms = LoanTerms(principal: row.int64(10), annualRateBps: row.int(11), tenureMonths: row.int(12),
                                  firstDueOn: CivilDate(dayNumber: Int32(row.int(13))), emi: row.int64(14))
            let record = LoanRecord(loanID: row.string(1), borrowerID: row.string(2), borrowerName: row.string(3),
                                    phone: row.string(4), email: row.optionalString(5), language: row.string(6),
                                    timeZone: row.string(7), jurisdiction: jurisdiction, currency: currency,
                                    terms: terms, emiGiven: row.int(15) == 1)
            found = StoredLoan(key: row.int64(0), lenderID: lenderID, borrowerKey: row.int64(16), record: record)
        }
        return found
    }

    /// Everything a loan's dues need: its terms (without the borrower's details), its payments in order, and its
    /// lender's policy. Run it inside `reading` for one snapshot.
    ///
    /// The payments come from the loan row's payment log (migration 8), so the loan and its payments are one row read.
    public func duesInputs(lenderID: String, loanID: String) throws -> (loan: StoredLoanTerms, payments: [LedgerPayment], policy: LenderPolicy)? {
        var found: (StoredLoanTerms, [LedgerPayment])?
        let statement = try db.cached("""
            SELECT id, borrower_key, currency, principal, annual_rate_bps, tenure_months, first_due_on, emi, payment_log
            FROM loans WHERE lender_id = ? AND loan_id = ?
            """)
        // Bound one by one: this runs on every dues request, and a values array is an allocation.
        try statement.bind(1, lenderID)
        try statement.bind(2, loanID)
        try statement.forEachRow { row in
            guard let currency = Currency(code: row.string(2)) else { throw StoreError.corrupt("loan \(loanID) has an unknown currency") }
            let terms = LoanTerms(principal: row.int64(3), annualRateBps: row.int(4), tenureMonths: row.int(5),
                                  firstDueOn: CivilDate(dayNumber: Int32(row.int(6))), emi: row.int64(7))
            guard let payments = row.withText(8, Self.payments(fromLog:)) else {
                throw Self.unreadablePaymentLog(loanID)
            }
            found = (StoredLoanTerms(key: row.int64(0), lenderID: lenderID, borrowerKey: row.int64(1), loanID: loanID,
                                     currency: currency, terms: terms), payments)
        }
        guard let (loan, payments) = found else { return nil }
        return (loan, payments, try policy(lenderID: lenderID))
    }

    /// The log is a projection of the `payments` rows, which stay intact; the error says so and how to rebuild it.
    static func unreadablePaymentLog(_ loanID: String) -> StoreError {
        .corrupt("""
            loan \(loanID) has a malformed payment_log (expected paid_on:amount; entries); its payments rows are intact, \
            and running the UPDATE of migration 8 for this loan rebuilds it
            """)
    }

    /// The payments of a `paid_on:amount;…` log (day numbers and minor units, in insertion order), ordered by day
    /// with insertion order kept within a day: what `ORDER BY paid_on, id` gives. Nil when the log is malformed.
    static func payments(fromLog log: UnsafeBufferPointer<UInt8>) -> [LedgerPayment]? {
        var payments: [LedgerPayment] = []
        payments.reserveCapacity(log.count / 12)
        var index = 0
        /// An optional minus and 1 to 18 digits (so no overflow) ending at `terminator`, which is consumed.
        func field(_ terminator: UInt8) -> Int64? {
            var negative = false
            if index < log.count, log[index] == UInt8(ascii: "-") {
                negative = true
                index &+= 1
            }
            let start = index
            var value: Int64 = 0
            while index < log.count {
                let digit = log[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                value = value &* 10 &+ Int64(digit)
                index &+= 1
            }
            let digits = index - start
            guard digits > 0, digits <= 18, index < log.count, log[index] == terminator else { return nil }
            index &+= 1
            return negative ? -value : value
        }
        while index < log.count {
            guard let day = field(UInt8(ascii: ":")), let amount = field(UInt8(ascii: ";")),
                  let dayNumber = Int32(exactly: day) else { return nil }
            payments.append(LedgerPayment(paidOn: CivilDate(dayNumber: dayNumber), amount: amount))
        }
        return LedgerPayment.inDayOrder(payments)
    }

    public func payments(loanKey: Int64) throws -> [LedgerPayment] {
        var all: [LedgerPayment] = []
        all.reserveCapacity(64)
        let statement = try db.cached("SELECT paid_on, amount FROM payments WHERE loan_key = ? ORDER BY paid_on, id")
        try statement.bind(1, loanKey)
        try statement.forEachRow { row in
            all.append(LedgerPayment(paidOn: CivilDate(dayNumber: Int32(row.int(0))), amount: row.int64(1)))
        }
        return all
    }
}
