import Foundation
import ParleyCore

/// A deterministic, realistic loan book (`loans.csv` and `payments.csv`) for load tests and demos.
///
/// The same options give byte-identical files. Rows are streamed out through buffered writers, so memory stays
/// flat however many loans are asked for.
public struct SyntheticBook {
    public struct Options: Sendable {
        public var loans: Int
        public var seed: UInt64
        /// Payments are dated on or before this day; first due dates spread over the 24 months before it.
        public var asOf: CivilDate

        public init(loans: Int, seed: UInt64, asOf: CivilDate) {
            self.loans = loans
            self.seed = seed
            self.asOf = asOf
        }
    }

    /// What was written.
    public struct Summary: Sendable, Equatable {
        public let loans: Int
        public let payments: Int
        public let borrowers: Int
        /// Loans per repayment behaviour, keyed by `RepaymentBehaviour.rawValue` (every behaviour present).
        public let byBehaviour: [String: Int]
    }

    /// The `loans.csv` header line, without line end.
    public static let loansHeader = RowValidation.loanColumns.joined(separator: ",")
    /// The `payments.csv` header line, without line end.
    public static let paymentsHeader = RowValidation.paymentColumns.joined(separator: ",")

    /// Writes `loans.csv` and `payments.csv` into `directory`, creating it if needed.
    public static func write(_ options: Options, to directory: String) throws -> Summary {
        precondition(options.loans >= 0)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let loansFile = try CSVWriter(path: directory + "/loans.csv")
        let paymentsFile = try CSVWriter(path: directory + "/payments.csv")
        try loansFile.writeRow(RowValidation.loanColumns)
        try paymentsFile.writeRow(RowValidation.paymentColumns)

        var random = SeededRandom(seed: options.seed)
        var counts = Dictionary(uniqueKeysWithValues: RepaymentBehaviour.allCases.map { ($0, 0) })
        var borrowers = 0, payments = 0
        var borrower: SyntheticBorrower?
        var loansLeftForBorrower = 0

        for number in stride(from: 1, through: options.loans, by: 1) {
            if loansLeftForBorrower == 0 || borrower == nil {
                borrowers += 1
                borrower = SyntheticBorrower.make(number: borrowers, using: &random)
                // About 4.6 % of borrowers hold 2–3 loans: roughly 10 % of loans share a borrower.
                loansLeftForBorrower = random.perMille(46) ? (random.percent(70) ? 2 : 3) : 1
            }
            loansLeftForBorrower -= 1
            let owner = borrower!
            let loan = SyntheticLoan.make(number: number, borrower: owner, asOf: options.asOf, using: &random)
            counts[loan.behaviour]! += 1
            let terms = loan.terms
            try loansFile.writeRow([
                loan.id, owner.id, owner.name, owner.phone, owner.email, owner.language, owner.timeZone,
                owner.jurisdiction.rawValue, owner.currency, Money.format(minor: terms.principal, digits: 2),
                String(terms.annualRateBps), String(terms.tenureMonths), terms.firstDueOn.description, loan.emiColumn,
            ])

            let lumpUnit: Int64 = owner.jurisdiction == .india ? 100_000 : 10_000
            let plan = loan.behaviour.payments(for: Schedule.instalments(for: terms), asOf: options.asOf,
                                               lumpUnit: lumpUnit, using: &random)
            for payment in plan {
                payments += 1
                try paymentsFile.writeRow([loan.id, payment.paidOn.description,
                                           Money.format(minor: payment.amount, digits: 2), "P" + zeroPadded(payments, 9)])
            }
        }
        try loansFile.close()
        try paymentsFile.close()
        return Summary(loans: options.loans, payments: payments, borrowers: borrowers,
                       byBehaviour: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
    }
}
