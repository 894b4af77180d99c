import Foundation
import Testing
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

@Suite("Importing loans and payments")
struct ImporterTests {
    let scratch = Scratch()
    let store: SQLiteStore

    init() throws { store = try SQLiteStore(path: scratch.file("parley.db"), sha256: Sodium.sha256) }

    var importer: Importer { Importer(store: store, lenderID: "default") }

    func failure(_ body: () throws -> ImportReport) -> ImportFailure? {
        do { _ = try body(); return nil } catch let failure as ImportFailure { return failure } catch {
            Issue.record("unexpected error \(error)"); return nil
        }
    }

    @Test func importsAndReimportsWithoutChange() throws {
        let loans = scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1"), Fixtures.loanRow("L2", borrower: "B-L1")]))
        let payments = scratch.write("payments.csv", Fixtures.payments(["L1,2026-01-31,8884.88,R1", "L2,2026-02-01,100.5,R2"]))
        let first = try importer.importLoans(path: loans)
        #expect(first.inserted == 2 && first.unchanged == 0 && first.committed)
        #expect(try importer.importPayments(path: payments).inserted == 2)
        let again = try importer.importLoans(path: loans)
        #expect(again.inserted == 0 && again.unchanged == 2)
        #expect(try importer.importPayments(path: payments).unchanged == 2)
        #expect(try store.loanCount(lenderID: "default") == 2)
        #expect(try store.paymentCount(lenderID: "default") == 2)
        let stored = try #require(try store.loan(lenderID: "default", loanID: "L1"))
        #expect(stored.record.terms.emi == 888_488 && !stored.record.emiGiven)
        #expect(try store.payments(loanKey: stored.key) == [LedgerPayment(paidOn: CivilDate(iso: "2026-01-31")!, amount: 888_488)])
    }

    @Test(arguments: [
        (["first_due_on": "2026-02-30"], "first_due_on", "\"2026-02-30\" is not a date YYYY-MM-DD"),
        (["principal": "-100.00"], "principal", "amount -100.00 is negative"),
        (["principal": "ten"], "principal", "\"ten\" is not a decimal amount"),
        (["currency": "XYZ"], "currency", "unknown currency \"XYZ\" (ISO 4217, e.g. INR)"),
        (["jurisdiction": "FR"], "jurisdiction", "unknown jurisdiction \"FR\" (expected IN, US or GB)"),
        (["timezone": "Mars/Olympus"], "timezone", "unknown IANA time zone \"Mars/Olympus\""),
        (["phone": "98765"], "phone", "\"98765\" is not an E.164 number such as +919876543210"),
        (["tenure_months": "0"], "tenure_months", "0 is outside 1…600"),
        (["annual_rate_bps": "12.5"], "annual_rate_bps", "\"12.5\" is not a whole number"),
        (["emi": "1.234"], "emi", "amount 1.234 has more than 2 decimal places"),
    ])
    func badLoanFieldsImportNothing(overrides: [String: String], column: String, reason: String) throws {
        let path = scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1"), Fixtures.loanRow("L2", overrides), Fixtures.loanRow("L3")]))
        let failure = try #require(failure { try importer.importLoans(path: path) })
        #expect(failure.report.rejected == [RejectedRow(line: 3, column: column, reason: reason,
                                                        fields: Fixtures.loanRow("L2", overrides).components(separatedBy: ","))])
        #expect(failure.reason.hasPrefix("\(path) line 3, column \(column): \(reason); nothing was imported"))
        #expect(try store.loanCount(lenderID: "default") == 0)
    }

    @Test func wrongColumnCountAndDuplicates() throws {
        let path = scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1"), "L2,B2,only,three", Fixtures.loanRow("L1")]))
        let failure = try #require(failure { try importer.importLoans(path: path) })
        #expect(failure.report.rejected.map(\.line) == [3, 4])
        #expect(failure.report.rejected[0].reason == "expected 14 fields, found 4")
        #expect(failure.report.rejected[1].column == "loan_id")
        #expect(failure.report.rejected[1].reason.contains("duplicate loan_id \"L1\""))
        #expect(failure.reason.contains("(and 1 more bad rows)"))
        #expect(try store.loanCount(lenderID: "default") == 0)
    }

    @Test func skipBadRowsStoresExactlyTheGoodRowsAndWritesRejects() throws {
        let path = scratch.write("loans.csv", Fixtures.loans([
            Fixtures.loanRow("L1"), Fixtures.loanRow("L2", ["currency": "ABC"]), Fixtures.loanRow("L3"), Fixtures.loanRow("L1"),
        ]))
        var options = Importer.Options()
        options.skipBadRows = true
        options.rejectsPath = scratch.file("rejects.csv")
        let report = try importer.importLoans(path: path, options: options)
        #expect(report.inserted == 2 && report.rejectedCount == 2 && report.committed)
        #expect(try store.loan(lenderID: "default", loanID: "L3") != nil)
        #expect(try store.loan(lenderID: "default", loanID: "L2") == nil)
        let rejects = scratch.read("rejects.csv").split(separator: "\n").map(String.init)
        #expect(rejects.count == 3)
        #expect(rejects[0] == "line,column,reason,row")
        #expect(rejects[1].hasPrefix("3,currency,\"unknown currency \"\"ABC\"\" (ISO 4217, e.g. INR)\",\"L2,B-L2,"))
        #expect(rejects[2].hasPrefix("5,loan_id,"))
    }

    @Test func paymentsForUnknownLoansAndBadAmounts() throws {
        _ = try importer.importLoans(path: scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1")])))
        let path = scratch.write("payments.csv", Fixtures.payments([
            "L1,2026-01-31,100.00,R1", "L9,2026-01-31,100.00,R2", "L1,2026-01-31,-5,R3", "L1,2026-01-31,1.001,R4",
            "L1,31/01/2026,1.00,R5", "L1,2026-01-31,100.00,R1",
        ]))
        let failure = try #require(failure { try importer.importPayments(path: path) })
        #expect(failure.report.rejected.map(\.description) == [
            "line 3, column loan_id: unknown loan \"L9\"",
            "line 4, column amount: amount -5 is negative",
            "line 5, column amount: amount 1.001 has more than 2 decimal places",
            "line 6, column paid_on: \"31/01/2026\" is not a date YYYY-MM-DD",
            "line 7, column reference: duplicate reference \"R1\": it appears on an earlier line of this file",
        ])
        #expect(try store.paymentCount(lenderID: "default") == 0)
    }

    @Test func duplicatePaymentReferenceInFileIsRejected() throws {
        _ = try importer.importLoans(path: scratch.write("loans.csv", Fixtures.loans([Fixtures.loanRow("L1")])))
        var options = Importer.Options()
        options.skipBadRows = true
        let report = try importer.importPayments(path: scratch.write("payments.csv", Fixtures.payments([
            "L1,2026-01-31,100.00,R1", "L1,2026-02-01,100.00,R1",
        ])), options: options)
        #expect(report.inserted == 1)
        #expect(report.rejected.first?.column == "reference")
        #expect(report.rejected.first?.reason.contains("duplicate reference \"R1\"") == true)
    }

    @Test func invalidUTF8AndUnterminatedQuote() throws {
        var bytes = Array(Fixtures.loans([Fixtures.loanRow("L1")]).utf8)
        bytes += Array("L2,B2,".utf8) + [0xC3, 0x28] + Array(Fixtures.loanRow("L2").dropFirst(6).utf8) + [0x0A]
        let badUTF8 = scratch.write("utf8.csv", bytes: bytes)
        let utf8Failure = try #require(failure { try importer.importLoans(path: badUTF8) })
        #expect(utf8Failure.report.rejected.first?.line == 3)
        #expect(utf8Failure.report.rejected.first?.column == "field 3")
        #expect(utf8Failure.reason.contains("UTF-8"))

        let quote = scratch.write("quote.csv", Fixtures.loans([Fixtures.loanRow("L1"), "L2,B2,\"Asha Rao,+919876543210"]))
        let quoteFailure = try #require(failure { try importer.importLoans(path: quote) })
        #expect(quoteFailure.report.rejected.first?.line == 3)
        #expect(quoteFailure.reason.contains("unterminated quote") || quoteFailure.reason.contains("never closed"))
        #expect(try store.loanCount(lenderID: "default") == 0)
    }

    @Test func overlongLineIsRejectedWithoutLosingTheRest() throws {
        let long = String(repeating: "x", count: 2 << 20)
        let path = scratch.write("long.csv", Fixtures.loans([Fixtures.loanRow("L1"), long, Fixtures.loanRow("L3")]))
        let strict = try #require(failure { try importer.importLoans(path: path) })
        #expect(strict.report.rejected.first?.line == 3)
        #expect(strict.reason.contains("longer than"))
        var options = Importer.Options()
        options.skipBadRows = true
        let report = try importer.importLoans(path: path, options: options)
        #expect(report.inserted == 2 && report.rejectedCount == 1)
    }

    @Test func wrongHeaderIsRefused() throws {
        let path = scratch.write("loans.csv", "loan,borrower\nL1,B1\n")
        #expect(throws: AppError.self) { try importer.importLoans(path: path) }
    }

    @Test func conflictingReimportKeepsStoredRow() throws {
        _ = try importer.importLoans(path: scratch.write("a.csv", Fixtures.loans([Fixtures.loanRow("L1")])))
        let failure = try #require(failure { try importer.importLoans(path: scratch.write("b.csv", Fixtures.loans([Fixtures.loanRow("L1", ["principal": "5.00"])]))) })
        #expect(failure.report.rejected.first?.reason.contains("already stored with different principal") == true)
        #expect(try store.loan(lenderID: "default", loanID: "L1")?.record.terms.principal == 10_000_000)
    }
}
