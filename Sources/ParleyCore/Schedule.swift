/// The terms of one loan as SPEC.md defines them, amounts in minor units.
public struct LoanTerms: Hashable, Sendable {
    public var principal: Int64
    public var annualRateBps: Int
    public var tenureMonths: Int
    public var firstDueOn: CivilDate
    /// The instalment: given in the loan book, or computed by `EMI.compute`.
    public var emi: Int64

    public init(principal: Int64, annualRateBps: Int, tenureMonths: Int, firstDueOn: CivilDate, emi: Int64? = nil) {
        self.principal = principal
        self.annualRateBps = annualRateBps
        self.tenureMonths = tenureMonths
        self.firstDueOn = firstDueOn
        self.emi = emi ?? EMI.compute(principal: principal, annualRateBps: annualRateBps, tenureMonths: tenureMonths)
    }
}

/// One scheduled instalment.
public struct Instalment: Hashable, Sendable {
    public let number: Int
    public let dueOn: CivilDate
    public let interest: Int64
    public let principal: Int64
    public var amount: Int64 { interest + principal }
}

public enum Schedule {
    /// The amortisation schedule: interest_k = round(balance·r), principal_k = emi − interest_k,
    /// the last instalment takes the whole remaining balance. Due dates step by calendar months from
    /// `firstDueOn`, clamped to the month's last day.
    public static func instalments(for terms: LoanTerms) -> [Instalment] {
        var result: [Instalment] = []
        result.reserveCapacity(terms.tenureMonths)
        var balance = terms.principal
        // `firstDueOn.adding(months: k - 1)`, with the first date taken apart once rather than per instalment.
        let (year, month, day) = terms.firstDueOn.components
        let firstMonthIndex = year * 12 + (month - 1)
        for k in 1...terms.tenureMonths {
            let interest = Arithmetic.monthlyInterest(balance: balance, annualRateBps: terms.annualRateBps)
            let principal = k == terms.tenureMonths ? balance : terms.emi - interest
            balance -= principal
            result.append(Instalment(number: k, dueOn: CivilDate.clamped(monthIndex: firstMonthIndex + k - 1, day: day),
                                     interest: interest, principal: principal))
        }
        return result
    }
}
