import ParleyCore

/// The loan columns of one synthetic `loans.csv` row, with the repayment behaviour its payments will follow.
struct SyntheticLoan {
    let id: String
    let terms: LoanTerms
    /// The `emi` column: empty for most loans, so the importer computes it.
    let emiColumn: String
    let behaviour: RepaymentBehaviour

    static func make(number: Int, borrower: SyntheticBorrower, asOf: CivilDate,
                     using random: inout SeededRandom) -> SyntheticLoan {
        let principal = self.principal(borrower.jurisdiction, &random)
        let rate: Int
        if random.percent(3) {
            rate = 0
        } else if borrower.jurisdiction == .india {
            rate = 5 * random.int(in: 210...720)     // 10.50 % … 36.00 %
        } else {
            rate = 5 * random.int(in: 160...580)     // 8.00 % … 29.00 %
        }
        let tenure: Int
        switch random.int(in: 0...99) {
        case 0...1: tenure = 1
        case 2...3: tenure = 120
        case 4...73: tenure = random.pick([6, 9, 12, 18, 24, 36, 48, 60])
        default: tenure = random.int(in: 6...60)
        }
        let firstDue = firstDueDate(asOf: asOf, &random)

        var terms = LoanTerms(principal: principal, annualRateBps: rate, tenureMonths: tenure, firstDueOn: firstDue)
        var emiColumn = ""
        if random.percent(10) {
            let exact = terms.emi
            // Lenders often quote the EMI rounded up to a whole unit; keep it only if the last instalment stays positive.
            if random.percent(50), exact % 100 != 0 {
                let rounded = LoanTerms(principal: principal, annualRateBps: rate, tenureMonths: tenure,
                                        firstDueOn: firstDue, emi: (exact / 100 + 1) * 100)
                if let last = Schedule.instalments(for: rounded).last, last.principal > 0 { terms = rounded }
            }
            emiColumn = Money.format(minor: terms.emi, digits: 2)
        }
        return SyntheticLoan(id: "L" + zeroPadded(number, 7), terms: terms, emiColumn: emiColumn,
                             behaviour: RepaymentBehaviour.draw(&random))
    }

    /// Principal in minor units: IN 20,000–15,00,000 INR, US/GB 1,000–50,000, mostly round figures.
    static func principal(_ jurisdiction: Jurisdiction, _ random: inout SeededRandom) -> Int64 {
        let bands: [(ClosedRange<Int>, Int)]
        let roundTo: Int
        if jurisdiction == .india {
            bands = [(20_000...100_000, 45), (100_000...500_000, 40), (500_000...1_500_000, 15)]
            roundTo = 1000
        } else {
            bands = [(1_000...5_000, 40), (5_000...20_000, 45), (20_000...50_000, 15)]
            roundTo = 100
        }
        let band = random.weighted(bands)
        if random.percent(70) {
            let major = max(band.lowerBound, random.int(in: band) / roundTo * roundTo)
            return Int64(major) * 100
        }
        return Int64(random.int(in: band.lowerBound * 100...band.upperBound * 100))
    }

    /// Spread over the 24 months before `asOf`, a few in the next month, a few on the 29th–31st.
    static func firstDueDate(asOf: CivilDate, _ random: inout SeededRandom) -> CivilDate {
        let month = CivilDate(year: asOf.year, month: asOf.month, day: 1)!.adding(months: random.int(in: -24...1))
        let day: Int
        switch random.int(in: 0...99) {
        case 0...5: day = random.int(in: 29...31)
        case 6...65: day = random.pick([1, 5, 7, 10, 15])
        default: day = random.int(in: 1...28)
        }
        return CivilDate(year: month.year, month: month.month, day: min(day, CivilDate.daysIn(year: month.year, month: month.month)))!
    }
}
