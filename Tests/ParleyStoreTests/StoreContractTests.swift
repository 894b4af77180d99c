import Foundation
import Testing
import ParleyCore
import ParleyCrypto
@testable import ParleyStore

/// The store contract, run against the embedded SQLite store. (PostgreSQL joins this suite with its issue.)
@Suite("Store contract (SQLite)")
struct StoreContractTests {
    static let digest: SHA256Function = Sodium.sha256

    let path: String
    let store: SQLiteStore

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-store-\(UUID().uuidString).db").path
        store = try SQLiteStore(path: path, sha256: Self.digest)
    }

    func loan(_ id: String, borrower: String = "B1", principal: Int64 = 10_000_000) -> LoanRecord {
        LoanRecord(loanID: id, borrowerID: borrower, borrowerName: "Asha Rao", phone: "+919876543210", email: nil,
                   language: "hi", timeZone: "Asia/Kolkata", jurisdiction: .india, currency: .inr,
                   terms: LoanTerms(principal: principal, annualRateBps: 1200, tenureMonths: 12,
                                    firstDueOn: CivilDate(iso: "2026-01-31")!), emiGiven: false)
    }

    @Test func defaultLenderExistsAndPolicyDefaults() throws {
        #expect(try store.lender(id: "default")?.name == "Default lender")
        #expect(try store.policy(lenderID: "default") == LenderPolicy())
        var policy = LenderPolicy()
        policy.graceDays = 5
        try store.savePolicy(policy, lenderID: "default")
        #expect(try store.policy(lenderID: "default").graceDays == 5)
        #expect(throws: StoreError.unknownLender("nope")) { try store.savePolicy(policy, lenderID: "nope") }
    }

    @Test func aPolicySavedByAnotherConnectionReplacesTheCachedParse() throws {
        let other = try SQLiteStore(path: path, sha256: Self.digest)
        #expect(try other.policy(lenderID: "default").graceDays == LenderPolicy().graceDays)
        for days in [4, 9, 4] {
            var policy = LenderPolicy()
            policy.graceDays = days
            try store.savePolicy(policy, lenderID: "default")
            #expect(try other.policy(lenderID: "default").graceDays == days, "the second connection sees each save")
        }
    }

    @Test func duesInputsReadTermsPaymentsInOrderAndPolicy() throws {
        let importID = try store.nextImportID()
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: importID)
        for (reference, day, amount) in [("P2", "2026-03-01", 500), ("P1", "2026-02-01", 700), ("P3", "2026-02-01", 300)] {
            _ = try store.insertPayment(PaymentRecord(loanID: "L1", paidOn: CivilDate(iso: day)!, amount: Int64(amount), reference: reference),
                                        lenderID: "default", importID: importID)
        }
        let inputs = try #require(try store.reading { try store.duesInputs(lenderID: "default", loanID: "L1") })
        let stored = try #require(try store.loan(lenderID: "default", loanID: "L1"))
        #expect(inputs.loan.key == stored.key && inputs.loan.borrowerKey == stored.borrowerKey && inputs.loan.terms == stored.record.terms)
        #expect(inputs.payments.map(\.amount) == [700, 300, 500])
        #expect(inputs.policy == LenderPolicy())
        #expect(try store.duesInputs(lenderID: "default", loanID: "L2") == nil)
    }

    /// The loan row's payment log (what dues read) against the payments table (the record), after imports with
    /// same-day, out-of-order, repeated and conflicting payments, and after an import rolled back half-way.
    @Test func paymentLogMatchesThePaymentsTable() throws {
        var random = SplitMix64(seed: 21)
        let first = try store.nextImportID()
        let loans = (1...40).map { "L\($0)" }
        for id in loans { _ = try store.upsertLoan(loan(id), lenderID: "default", importID: first) }
        var reference = 0
        for _ in 0..<600 {
            reference += 1
            let record = PaymentRecord(loanID: loans[Int(random.next() % 40)], paidOn: CivilDate(dayNumber: Int32(20_450 + Int(random.next() % 90))),
                                       amount: Int64(1 + random.next() % 90_000), reference: "P\(reference)")
            _ = try store.insertPayment(record, lenderID: "default", importID: first)
            if random.next() % 10 == 0 {  // the same reference again: ignored, or a conflict if it differs
                var again = record
                if random.next() % 2 == 0 { again.amount += 1 }
                _ = try store.insertPayment(again, lenderID: "default", importID: first)
            }
        }
        // A second import that fails after inserting: the rollback takes its log entries too.
        let second = try store.nextImportID()
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try store.transaction {
                _ = try store.insertPayment(PaymentRecord(loanID: "L1", paidOn: CivilDate(dayNumber: 20_400), amount: 5, reference: "X1"),
                                            lenderID: "default", importID: second)
                throw Abort()
            }
        }
        var total = 0
        for id in loans {
            let inputs = try #require(try store.reading { try store.duesInputs(lenderID: "default", loanID: id) })
            let recorded = try store.payments(loanKey: inputs.loan.key)
            #expect(inputs.payments == recorded, "loan \(id)")
            total += recorded.count
        }
        #expect(total == 600)
    }

    /// Migration 8 fills the log of loans that already had payments, in `paid_on, id` order.
    @Test func migrationEightBackfillsThePaymentLog() throws {
        let legacyPath = path + "-v7.db"
        do {
            let db = try SQLiteDatabase(path: legacyPath)
            _ = try Migrator.migrate(db, Array(SQLiteSchema.migrations.prefix { $0.version <= 7 }))
            try db.execute("""
                INSERT INTO borrowers (id, lender_id, borrower_id, name, phone, language, timezone, jurisdiction)
                VALUES (1, 'default', 'B1', 'Asha', '+919876543210', 'hi', 'Asia/Kolkata', 'IN');
                INSERT INTO loans (id, lender_id, loan_id, borrower_key, currency, principal, annual_rate_bps, tenure_months,
                                   first_due_on, emi, emi_given, import_id)
                VALUES (1, 'default', 'L1', 1, 'INR', 100000, 1200, 12, 20480, 8885, 0, 1),
                       (2, 'default', 'L2', 1, 'INR', 100000, 1200, 12, 20480, 8885, 0, 1);
                INSERT INTO payments (id, lender_id, loan_key, paid_on, amount, reference, import_id)
                VALUES (1, 'default', 1, 20510, 700, 'P1', 1), (2, 'default', 1, 20490, 300, 'P2', 1),
                       (3, 'default', 1, 20510, 200, 'P3', 1), (4, 'default', 1, -3, 50, 'P4', 1);
                """)
        }
        let migrated = try SQLiteStore(path: legacyPath, sha256: Self.digest)
        let one = try #require(try migrated.reading { try migrated.duesInputs(lenderID: "default", loanID: "L1") })
        #expect(one.payments.map(\.amount) == [50, 300, 700, 200])
        #expect(one.payments == (try migrated.payments(loanKey: 1)))
        let two = try #require(try migrated.reading { try migrated.duesInputs(lenderID: "default", loanID: "L2") })
        #expect(two.payments.isEmpty)
        // Payments inserted after the migration are logged by the trigger.
        _ = try migrated.insertPayment(PaymentRecord(loanID: "L2", paidOn: CivilDate(dayNumber: 20_500), amount: 9, reference: "P9"),
                                       lenderID: "default", importID: 2)
        #expect(try migrated.reading { try migrated.duesInputs(lenderID: "default", loanID: "L2") }?.payments.map(\.amount) == [9])
    }

    @Test func aMalformedPaymentLogIsReportedWithTheWayToRebuildIt() throws {
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: try store.nextImportID())
        try store.db.execute("UPDATE loans SET payment_log = '20510:x;' WHERE loan_id = 'L1'")
        #expect(throws: SQLiteStore.unreadablePaymentLog("L1")) { try store.reading { try store.duesInputs(lenderID: "default", loanID: "L1") } }
        #expect(throws: SQLiteStore.unreadablePaymentLog("L1")) { try store.cycleLoans(lenderID: "default", afterKey: 0, limit: 10) }
        #expect(SQLiteStore.unreadablePaymentLog("L1").description.contains("payments rows are intact"))
    }

    @Test(arguments: ["20510:700", "20510:700;1", ":700;", "20510:;", "20510;700;", "x:1;", "1:2:3;", "-:5;", "1:-;",
                      "1:1234567890123456789;", "2147483648:1;", "1:2;;"])
    func aMalformedPaymentLogIsRefused(log: String) {
        #expect(Array(log.utf8).withUnsafeBufferPointer { SQLiteStore.payments(fromLog: $0) } == nil)
    }

    @Test func aPaymentLogIsReadInDayOrderKeepingInsertionOrderWithinADay() {
        let log = "20510:7;20490:3;20510:2;-3:1;20490:4;"
        let payments = Array(log.utf8).withUnsafeBufferPointer { SQLiteStore.payments(fromLog: $0) }
        #expect(payments?.map(\.paidOn.dayNumber) == [-3, 20_490, 20_490, 20_510, 20_510])
        #expect(payments?.map(\.amount) == [1, 3, 4, 7, 2])
        #expect(Array("".utf8).withUnsafeBufferPointer { SQLiteStore.payments(fromLog: $0) } == [])
    }

    @Test func loanUpsertIsIdempotentAndDetectsConflicts() throws {
        let first = try store.nextImportID()
        #expect(try store.upsertLoan(loan("L1"), lenderID: "default", importID: first) == .inserted)
        #expect(try store.upsertLoan(loan("L1"), lenderID: "default", importID: first) == .duplicateInImport)
        let second = try store.nextImportID()
        #expect(second == first + 1)
        #expect(try store.upsertLoan(loan("L1"), lenderID: "default", importID: second) == .unchanged)
        guard case .conflict(let message) = try store.upsertLoan(loan("L1", principal: 5), lenderID: "default", importID: second) else {
            Issue.record("expected a conflict"); return
        }
        #expect(message.contains("principal"))
        #expect(try store.loan(lenderID: "default", loanID: "L1")?.record == loan("L1"))
        #expect(try store.loanCount(lenderID: "default") == 1)
    }

    @Test func rejectedLoanRowLeavesTheBorrowerAlone() throws {
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: 1)
        var forged = loan("L1", principal: 100)
        forged.borrowerName = "Mallory"
        forged.phone = "+447700900123"
        guard case .conflict = try store.upsertLoan(forged, lenderID: "default", importID: 2) else {
            Issue.record("expected a conflict"); return
        }
        var duplicate = loan("L2")
        duplicate.phone = "+447700900123"
        _ = try store.upsertLoan(loan("L2"), lenderID: "default", importID: 3)
        #expect(try store.upsertLoan(duplicate, lenderID: "default", importID: 3) == .duplicateInImport)
        let borrower = try #require(try store.borrower(lenderID: "default", borrowerID: "B1"))
        #expect(borrower.name == "Asha Rao" && borrower.phone == "+919876543210")
    }

    @Test func paymentsAreUniquePerLenderReference() throws {
        let importID = try store.nextImportID()
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: importID)
        let payment = PaymentRecord(loanID: "L1", paidOn: CivilDate(iso: "2026-01-31")!, amount: 888_488, reference: "R1")
        #expect(try store.insertPayment(payment, lenderID: "default", importID: importID) == .inserted)
        #expect(try store.insertPayment(payment, lenderID: "default", importID: importID) == .duplicateInImport)
        #expect(try store.insertPayment(payment, lenderID: "default", importID: importID + 1) == .unchanged)
        var other = payment
        other.amount = 1
        guard case .conflict = try store.insertPayment(other, lenderID: "default", importID: importID + 1) else {
            Issue.record("expected a conflict"); return
        }
        #expect(try store.paymentCount(lenderID: "default") == 1)
        #expect(try store.payments(loanKey: 1) == [LedgerPayment(paidOn: CivilDate(iso: "2026-01-31")!, amount: 888_488)])
    }

    @Test func casesAppendEventsOnAChainAndProjectState() throws {
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: 1)
        let at = Instant(date: CivilDate(iso: "2026-02-01")!)
        let opened = try store.openCase(loanKey: 1, lenderID: "default",
                                        event: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle"), rule: "trigger.dpd_reached", inputs: ["dpd": 1]))
        #expect(opened.id == "C0000001" && opened.state.status == .triggered && opened.state.eventCount == 1)
        let second = try store.appendEvent(caseKey: opened.key, event: NewCaseEvent(kind: .contacted, at: at, actor: .system("outreach")))
        #expect(second.sequence == 2)
        #expect(second.previousHash == (try store.events(caseKey: opened.key))[0].hash)
        #expect(try store.caseSummary(lenderID: "default", id: "C0000001")?.state.status == .contacted)
        #expect(try store.caseSummary(lenderID: "other", id: "C0000001") == nil)
        let events = try store.events(caseKey: opened.key)
        #expect(HashChain.verify(events, sha256: Self.digest) == nil)
        #expect(events[0].inputs == ["dpd": 1] && events[0].rule == "trigger.dpd_reached")
        #expect(try CaseState.fold(events).status == .contacted)
    }

    @Test func illegalTransitionLeavesEverythingUnchanged() throws {
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: 1)
        let at = Instant(date: CivilDate(iso: "2026-02-01")!)
        let opened = try store.openCase(loanKey: 1, lenderID: "default", event: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle")))
        #expect(throws: StoreError.transition(.illegal(event: .signed, from: .triggered))) {
            try store.appendEvent(caseKey: opened.key, event: NewCaseEvent(kind: .signed, at: at, actor: .system("t")))
        }
        #expect(try store.events(caseKey: opened.key).count == 1)
        #expect(try store.caseSummary(lenderID: "default", id: opened.id)?.state.eventCount == 1)
    }

    @Test func oneOpenCasePerLoan() throws {
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: 1)
        let at = Instant(date: CivilDate(iso: "2026-02-01")!)
        _ = try store.openCase(loanKey: 1, lenderID: "default", event: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle")))
        #expect(throws: SQLiteError.self) {
            try store.openCase(loanKey: 1, lenderID: "default", event: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle")))
        }
        #expect(try store.cases(CaseQuery(lenderID: "default")).count == 1)
    }

    @Test func eventsAreAppendOnly() throws {
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: 1)
        let at = Instant(date: CivilDate(iso: "2026-02-01")!)
        _ = try store.openCase(loanKey: 1, lenderID: "default", event: NewCaseEvent(kind: .opened, at: at, actor: .system("cycle")))
        #expect(throws: SQLiteError.self) { try store.db.execute("UPDATE events SET type = 'cured'") }
        #expect(throws: SQLiteError.self) { try store.db.execute("DELETE FROM events") }
    }

    @Test func cycleLoansComeInBatchesWithPaymentsAndOpenCases() throws {
        for index in 1...5 { _ = try store.upsertLoan(loan("L\(index)", borrower: "B\(index)"), lenderID: "default", importID: 1) }
        _ = try store.insertPayment(PaymentRecord(loanID: "L2", paidOn: CivilDate(iso: "2026-02-01")!, amount: 10, reference: "R1"), lenderID: "default", importID: 1)
        _ = try store.insertPayment(PaymentRecord(loanID: "L2", paidOn: CivilDate(iso: "2026-01-01")!, amount: 20, reference: "R2"), lenderID: "default", importID: 1)
        _ = try store.openCase(loanKey: 3, lenderID: "default", event: NewCaseEvent(kind: .opened, at: Instant(secondsSinceEpoch: 0), actor: .system("cycle")))
        let first = try store.cycleLoans(lenderID: "default", afterKey: 0, limit: 3)
        #expect(first.map(\.loanID) == ["L1", "L2", "L3"])
        #expect(first[1].payments.map(\.amount) == [20, 10]) // date order
        #expect(first[2].openCase?.id == "C0000001" && first[0].openCase == nil)
        let rest = try store.cycleLoans(lenderID: "default", afterKey: first.last!.key, limit: 3)
        #expect(rest.map(\.loanID) == ["L4", "L5"])
        #expect(try store.cycleLoans(lenderID: "other", afterKey: 0, limit: 3).isEmpty)
    }

    @Test func cycleRunsAccumulate() throws {
        let day = CivilDate(iso: "2026-02-01")!
        try store.markCycle(lenderID: "default", asOf: day, completed: false, loansChecked: 0)
        try store.addCycleProgress(lenderID: "default", asOf: day, opened: 3, cured: 1)
        try store.addCycleProgress(lenderID: "default", asOf: day, opened: 2, cured: 0)
        try store.markCycle(lenderID: "default", asOf: day, completed: true, loansChecked: 10)
        let run = try store.cycleRun(lenderID: "default", asOf: day)
        #expect(run == CycleRun(lenderID: "default", asOf: day, loansChecked: 10, casesOpened: 5, casesCured: 1, completed: true, runs: 1))
        #expect(try store.latestCycleDay(lenderID: "default") == day)
    }

    @Test func migrationsAreRecorded() throws {
        #expect(store.schemaVersion == SQLiteSchema.migrations.last!.version)
        // Reopening applies nothing new and keeps the data.
        _ = try store.upsertLoan(loan("L1"), lenderID: "default", importID: 1)
        let again = try SQLiteStore(path: path, sha256: Self.digest)
        #expect(try again.loanCount(lenderID: "default") == 1)
    }
}
