/// Days-past-due bucket (SMA-0, SMA-1, SMA-2, NPA in Indian terms).
public enum Bucket: String, Sendable, CaseIterable, Codable {
    case current = "0"
    case dpd1to30 = "1-30"
    case dpd31to60 = "31-60"
    case dpd61to90 = "61-90"
    case dpd91to180 = "91-180"
    case dpd181plus = "181+"

    public init(dpd: Int) {
        switch dpd {
        case ...0: self = .current
        case 1...30: self = .dpd1to30
        case 31...60: self = .dpd31to60
        case 61...90: self = .dpd61to90
        case 91...180: self = .dpd91to180
        default: self = .dpd181plus
        }
    }
}

/// What a loan owes at the end of a day; the figures of `parley dues`.
public struct Dues: Hashable, Sendable {
    public let loanID: String
    public let asOf: CivilDate
    public let currency: Currency
    public let dpd: Int
    public let bucket: Bucket
    public let overdueInstalments: Int
    public let principalOverdue: Int64
    public let interestOverdue: Int64
    public let feesOverdue: Int64
    public let totalOverdue: Int64
    public let principalOutstanding: Int64
    public let payoff: Int64
    public let credit: Int64
    public let paidTotal: Int64
    public let emi: Int64
    /// The first instalment not yet cleared that falls due on or after the as-of day, and what it needs.
    public let nextDueOn: CivilDate?
    public let nextDueAmount: Int64
    public let oldestOverdueDueOn: CivilDate?

    public init(loanID: String, currency: Currency, terms: LoanTerms, ledger: Ledger) {
        self.loanID = loanID
        self.asOf = ledger.asOf
        self.currency = currency
        self.emi = terms.emi
        var overdueCount = 0, principalOverdue: Int64 = 0, interestOverdue: Int64 = 0
        var fees: Int64 = 0, principalOutstanding: Int64 = 0, interestDue: Int64 = 0
        var oldest: CivilDate?
        var next: (CivilDate, Int64)?
        for position in ledger.positions {
            fees += position.unpaidFee
            principalOutstanding += position.balancePrincipal
            if position.instalment.dueOn <= ledger.asOf { interestDue += position.balanceInterest }
            if ledger.isOverdue(position) {
                overdueCount += 1
                principalOverdue += position.balancePrincipal
                interestOverdue += position.balanceInterest
                if oldest == nil { oldest = position.instalment.dueOn }
            } else if next == nil, !position.isCleared, position.instalment.dueOn >= ledger.asOf {
                next = (position.instalment.dueOn, position.unpaidInterest + position.unpaidPrincipal + position.unpaidFee)
            }
        }
        self.dpd = oldest.map { ledger.asOf.days(since: $0) } ?? 0
        self.bucket = Bucket(dpd: dpd)
        self.overdueInstalments = overdueCount
        self.principalOverdue = principalOverdue
        self.interestOverdue = interestOverdue
        self.feesOverdue = fees
        self.totalOverdue = fees + interestOverdue + principalOverdue
        self.principalOutstanding = principalOutstanding
        self.payoff = principalOutstanding + interestDue + fees
        self.credit = ledger.credit
        self.paidTotal = ledger.paidTotal
        self.nextDueOn = next?.0
        self.nextDueAmount = next?.1 ?? 0
        self.oldestOverdueDueOn = oldest
    }

    /// Computes the dues of a loan from its terms and payments (file order).
    public static func compute(loanID: String, currency: Currency, terms: LoanTerms,
                               payments: [LedgerPayment], rules: LedgerRules, asOf: CivilDate) -> Dues {
        let ledger = Ledger(schedule: Schedule.instalments(for: terms), payments: payments, rules: rules, asOf: asOf)
        return Dues(loanID: loanID, currency: currency, terms: terms, ledger: ledger)
    }
}
