import Foundation
import ParleyApp
import ParleyCore
import ParleyCrypto
import ParleyStore

/// The floor of the storage engine: SQLite bulk-inserting the same rows, already parsed and validated,
/// into the same schema, in one transaction with prepared statements.
enum ReferenceInsert {
    struct Loan { let record: LoanRecord }

    static func run(directory: String) throws {
        // Parse first (not timed): the reference starts from rows in memory.
        var loans: [LoanRecord] = []
        let zones = TimeZoneCatalogue.shared
        let loanReader = try CSVReader(path: directory + "/loans.csv")
        _ = try loanReader.next()
        while let row = try loanReader.next() {
            loans.append(try RowValidation.loan(row.fields, isKnownTimeZone: zones.contains))
        }
        var payments: [PaymentRecord] = []
        let paymentReader = try CSVReader(path: directory + "/payments.csv")
        _ = try paymentReader.next()
        while let row = try paymentReader.next() {
            payments.append(try RowValidation.payment(row.fields, digits: { _ in 2 }))
        }

        let path = directory + "/reference.db"
        try? FileManager.default.removeItem(atPath: path)
        _ = try SQLiteStore(path: path, sha256: Sodium.sha256) // same schema, same migrations
        let db = try SQLiteDatabase(path: path)
        let seconds = try Bench.seconds {
            try db.transaction(.immediate) {
                let borrower = try db.prepare("""
                    INSERT INTO borrowers (lender_id, borrower_id, name, phone, email, language, timezone, jurisdiction)
                    VALUES ('default', ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (lender_id, borrower_id) DO NOTHING
                    """)
                let findBorrower = try db.prepare("SELECT id FROM borrowers WHERE lender_id = 'default' AND borrower_id = ?")
                let loan = try db.prepare("""
                    INSERT INTO loans (lender_id, loan_id, borrower_key, currency, principal, annual_rate_bps, tenure_months,
                                       first_due_on, emi, emi_given, import_id)
                    VALUES ('default', ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """)
                var loanKeys: [String: Int64] = [:]
                loanKeys.reserveCapacity(loans.count)
                for record in loans {
                    try borrower.bind(1, record.borrowerID)
                    try borrower.bind(2, record.borrowerName)
                    try borrower.bind(3, record.phone)
                    try borrower.bind(4, record.email)
                    try borrower.bind(5, record.language)
                    try borrower.bind(6, record.timeZone)
                    try borrower.bind(7, record.jurisdiction.rawValue)
                    try borrower.run()
                    var borrowerKey = db.lastInsertRowID
                    if db.changes == 0 {
                        try findBorrower.bind(1, record.borrowerID)
                        _ = try findBorrower.step()
                        borrowerKey = findBorrower.row.int64(0)
                        findBorrower.reset()
                    }
                    try loan.bind(1, record.loanID)
                    try loan.bind(2, borrowerKey)
                    try loan.bind(3, record.currency.code)
                    try loan.bind(4, record.terms.principal)
                    try loan.bind(5, record.terms.annualRateBps)
                    try loan.bind(6, record.terms.tenureMonths)
                    try loan.bind(7, Int(record.terms.firstDueOn.dayNumber))
                    try loan.bind(8, record.terms.emi)
                    try loan.bind(9, record.emiGiven ? 1 : 0)
                    try loan.run()
                    loanKeys[record.loanID] = db.lastInsertRowID
                }
                let payment = try db.prepare("""
                    INSERT INTO payments (lender_id, loan_key, paid_on, amount, reference, import_id)
                    VALUES ('default', ?, ?, ?, ?, 1)
                    """)
                for record in payments {
                    try payment.bind(1, loanKeys[record.loanID] ?? 0)
                    try payment.bind(2, Int(record.paidOn.dayNumber))
                    try payment.bind(3, record.amount)
                    try payment.bind(4, record.reference)
                    try payment.run()
                }
            }
        }
        let rows = loans.count + payments.count
        let result: [String: Any] = [
            "what": "SQLite bulk insert of the same parsed rows into the same schema, one transaction, prepared statements",
            "seconds": Bench.round3(seconds), "rows": rows, "rows_per_second": Int(Double(rows) / max(seconds, 1e-9)),
            "peak_rss_mib": Bench.round3(Bench.peakRSSMiB()),
        ]
        FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]))
    }
}
