import ParleyCore

extension SQLiteStore {
    public func cycleLoans(lenderID: String, afterKey: Int64, limit: Int) throws -> [CycleLoan] {
        struct Row {
            let key: Int64; let loanID: String; let borrowerID: String; let currency: Currency; let terms: LoanTerms
            let payments: [LedgerPayment]
        }
        var rows: [Row] = []
        rows.reserveCapacity(limit)
        // Each loan's payments come with it, from its payment log (migration 8).
        try db.cached("""
            SELECT l.id, l.loan_id, b.borrower_id, l.currency, l.principal, l.annual_rate_bps, l.tenure_months,
                   l.first_due_on, l.emi, l.payment_log
            FROM loans l JOIN borrowers b ON b.id = l.borrower_key
            WHERE l.lender_id = ? AND l.id > ? ORDER BY l.id LIMIT ?
            """).forEachRow([.text(lenderID), .integer(afterKey), .integer(Int64(limit))]) { row in
            guard let currency = Currency(code: row.string(3)) else {
                throw StoreError.corrupt("loan \(row.string(1)) has unknown currency \(row.string(3))")
            }
            guard let payments = row.withText(9, Self.payments(fromLog:)) else {
                throw Self.unreadablePaymentLog(row.string(1))
            }
            let terms = LoanTerms(principal: row.int64(4), annualRateBps: row.int(5), tenureMonths: row.int(6),
                                  firstDueOn: CivilDate(dayNumber: Int32(row.int(7))), emi: row.int64(8))
            rows.append(Row(key: row.int64(0), loanID: row.string(1), borrowerID: row.string(2), currency: currency, terms: terms,
                            payments: payments))
        }
        guard let first = rows.first?.key, let last = rows.last?.key else { return [] }

        var openCases: [Int64: CaseSummary] = [:]
        try db.cached("""
            SELECT c.loan_key, \(Self.caseColumns) \(Self.caseFrom) WHERE c.loan_key BETWEEN ? AND ? AND c.is_open = 1
            """).forEachRow([.integer(first), .integer(last)]) { row in
            openCases[row.int64(0)] = try caseSummary(from: row, offset: 1)
        }
        return rows.map { row in
            CycleLoan(key: row.key, loanID: row.loanID, borrowerID: row.borrowerID, currency: row.currency, terms: row.terms,
                      payments: row.payments, openCase: openCases[row.key])
        }
    }

    public func cycleRun(lenderID: String, asOf: CivilDate) throws -> CycleRun? {
        var found: CycleRun?
        try db.cached("""
            SELECT loans_checked, cases_opened, cases_cured, completed, runs FROM cycle_runs WHERE lender_id = ? AND as_of = ?
            """).forEachRow([.text(lenderID), .integer(Int64(asOf.dayNumber))]) { row in
            found = CycleRun(lenderID: lenderID, asOf: asOf, loansChecked: row.int(0), casesOpened: row.int(1),
                             casesCured: row.int(2), completed: row.int(3) == 1, runs: row.int(4))
        }
        return found
    }

    public func latestCycleDay(lenderID: String) throws -> CivilDate? {
        try db.scalarInt("SELECT max(as_of) FROM cycle_runs WHERE lender_id = ?", [.text(lenderID)])
            .map { CivilDate(dayNumber: Int32($0)) }
    }

    public func addCycleProgress(lenderID: String, asOf: CivilDate, opened: Int, cured: Int) throws {
        try db.cached("""
            INSERT INTO cycle_runs (lender_id, as_of, cases_opened, cases_cured) VALUES (?, ?, ?, ?)
            ON CONFLICT (lender_id, as_of) DO UPDATE SET
                cases_opened = cases_opened + excluded.cases_opened,
                cases_cured = cases_cured + excluded.cases_cured
            """).run([.text(lenderID), .integer(Int64(asOf.dayNumber)),
                      .integer(Int64(opened)), .integer(Int64(cured))])
    }

    public func markCycle(lenderID: String, asOf: CivilDate, completed: Bool, loansChecked: Int) throws {
        try db.cached("""
            INSERT INTO cycle_runs (lender_id, as_of, completed, runs, loans_checked) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (lender_id, as_of) DO UPDATE SET completed = excluded.completed,
                runs = runs + excluded.runs,
                loans_checked = CASE WHEN excluded.completed = 1 THEN excluded.loans_checked ELSE loans_checked END
            """).run([.text(lenderID), .integer(Int64(asOf.dayNumber)), .integer(completed ? 1 : 0),
                      .integer(completed ? 1 : 0), .integer(Int64(loansChecked))])
    }
}
