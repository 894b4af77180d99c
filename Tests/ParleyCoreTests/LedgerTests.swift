import Testing
@testable import ParleyCore

/// Figures worked by hand (and cross-checked with exact fractions): ₹1,00,000 at 12 % for 12 months,
/// first due 31 Jan 2026, so r = 1 % a month and the EMI is ₹8,884.88.
@Suite("Ledger: schedule, allocation, fees and dues")
struct LedgerTests {
    let terms = LoanTerms(principal: 10_000_000, annualRateBps: 1200, tenureMonths: 12,
                          firstDueOn: date("2026-01-31"))
    let rules = LedgerRules(graceDays: 3, lateFee: 50_000)

    func dues(_ payments: [(String, Int64)], asOf: String) -> Dues {
        Dues.compute(loanID: "L1", currency: .inr, terms: terms,
                     payments: payments.map { LedgerPayment(paidOn: date($0.0), amount: $0.1) },
                     rules: rules, asOf: date(asOf))
    }

    @Test func emiOfTwelveMonthLoan() {
        #expect(terms.emi == 888_488)
    }

    @Test func scheduleOfTwelveMonthLoan() {
        let schedule = Schedule.instalments(for: terms)
        #expect(schedule.count == 12)
        #expect(schedule[0].interest == 100_000 && schedule[0].principal == 788_488)
        // balance 92,11,512 paise × 1 % = 92,115.12 → 92,115
        #expect(schedule[1].interest == 92_115 && schedule[1].principal == 796_373)
        #expect(schedule[11].interest == 8_797 && schedule[11].principal == 879_688)
        #expect(schedule[11].amount == 888_485)
        #expect(schedule.reduce(0) { $0 + $1.principal } == 10_000_000)
    }

    @Test func dueDatesClampToMonthEnd() {
        let schedule = Schedule.instalments(for: terms)
        #expect(schedule.prefix(4).map(\.dueOn.description) == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"])
        let leap = LoanTerms(principal: 100_000, annualRateBps: 0, tenureMonths: 3, firstDueOn: date("2024-01-31"))
        #expect(Schedule.instalments(for: leap).map(\.dueOn.description) == ["2024-01-31", "2024-02-29", "2024-03-31"])
    }

    @Test func zeroRateSplitsPrincipalEvenly() {
        let zero = LoanTerms(principal: 1_000_000, annualRateBps: 0, tenureMonths: 12, firstDueOn: date("2026-01-15"))
        #expect(zero.emi == 83_333) // 10,00,000 / 12 = 83,333.33
        let schedule = Schedule.instalments(for: zero)
        #expect(schedule.allSatisfy { $0.interest == 0 })
        #expect(schedule[10].principal == 83_333)
        #expect(schedule[11].principal == 83_337) // the remainder
    }

    @Test func givenEMIIsUsed() {
        let given = LoanTerms(principal: 10_000_000, annualRateBps: 1200, tenureMonths: 12,
                              firstDueOn: date("2026-01-31"), emi: 900_000)
        let schedule = Schedule.instalments(for: given)
        #expect(schedule[0].principal == 800_000)
        #expect(schedule[1].interest == 92_000) // balance 92,00,000 × 1 %
        #expect(schedule.reduce(0) { $0 + $1.principal } == 10_000_000)
    }

    @Test func nothingPaidOneDayLate() {
        let d = dues([], asOf: "2026-02-01")
        #expect(d.dpd == 1 && d.bucket == .dpd1to30)
        #expect(d.overdueInstalments == 1)
        #expect(d.principalOverdue == 788_488 && d.interestOverdue == 100_000 && d.feesOverdue == 0)
        #expect(d.totalOverdue == 888_488)
        #expect(d.principalOutstanding == 10_000_000)
        #expect(d.payoff == 10_100_000)
    }

    @Test func notOverdueOnTheDueDateItself() {
        let d = dues([], asOf: "2026-01-31")
        #expect(d.dpd == 0 && d.totalOverdue == 0)
        #expect(d.payoff == 10_100_000) // interest of the instalment due on the day counts in payoff
    }

    @Test func noFeeOnTheLastDayOfGrace() {
        // due 31 Jan + 3 days grace = 3 Feb: no fee at the end of that day
        let d = dues([], asOf: "2026-02-03")
        #expect(d.feesOverdue == 0 && d.dpd == 3)
    }

    @Test func feeChargedTheDayAfterGrace() {
        let d = dues([], asOf: "2026-02-04")
        #expect(d.feesOverdue == 50_000)
        #expect(d.totalOverdue == 888_488 + 50_000)
        #expect(d.payoff == 10_000_000 + 100_000 + 50_000)
    }

    @Test func paymentOnLastDayOfGraceAvoidsFee() {
        let d = dues([("2026-02-03", 888_488)], asOf: "2026-02-10")
        #expect(d.feesOverdue == 0 && d.dpd == 0 && d.totalOverdue == 0)
        #expect(d.principalOutstanding == 10_000_000 - 788_488)
    }

    @Test func paymentTheDayAfterGracePaysTheFeeFirst() {
        let d = dues([("2026-02-04", 888_488)], asOf: "2026-02-04")
        // 50,000 fee, then 1,00,000 interest, then 7,38,488 of the 7,88,488 principal
        #expect(d.feesOverdue == 0)
        #expect(d.interestOverdue == 0)
        #expect(d.principalOverdue == 50_000)
        #expect(d.dpd == 4)
        #expect(d.totalOverdue == 50_000)
    }

    @Test func partialPayment() {
        let d = dues([("2026-01-31", 500_000)], asOf: "2026-02-10")
        #expect(d.interestOverdue == 0)
        #expect(d.principalOverdue == 388_488)
        #expect(d.feesOverdue == 50_000)
        #expect(d.totalOverdue == 438_488)
        #expect(d.dpd == 10)
    }

    @Test func advancePaymentClearsFutureInstalments() {
        let d = dues([("2026-01-15", 2 * 888_488)], asOf: "2026-03-01")
        #expect(d.dpd == 0 && d.totalOverdue == 0)
        #expect(d.principalOutstanding == 10_000_000 - 788_488 - 796_373)
        #expect(d.payoff == 8_415_139)
        #expect(d.nextDueOn == date("2026-03-31") && d.nextDueAmount == 888_488)
    }

    @Test func latePaymentOfBothInstalmentsAndFees() {
        let d = dues([("2026-03-10", 2 * 888_488 + 2 * 50_000)], asOf: "2026-03-10")
        #expect(d.dpd == 0 && d.totalOverdue == 0 && d.feesOverdue == 0 && d.credit == 0)
        #expect(d.principalOutstanding == 8_415_139)
    }

    @Test func paymentsAfterTheAsOfDayDoNotCount() {
        let d = dues([("2026-02-02", 888_488)], asOf: "2026-02-01")
        #expect(d.dpd == 1 && d.totalOverdue == 888_488)
    }

    @Test func overpaymentIsHeldAsCredit() {
        let everything = Schedule.instalments(for: terms).reduce(Int64(0)) { $0 + $1.amount }
        let d = dues([("2026-01-10", everything + 1_000)], asOf: "2027-06-01")
        #expect(d.credit == 1_000)
        #expect(d.principalOutstanding == 0 && d.payoff == 0 && d.dpd == 0)
    }

    /// USD 4.52 at 12 % over 64 months: the rounded EMI (0.10) clears the balance early, so the last
    /// instalment's principal is negative (−0.26). Read literally, the parts still sum to the amount lent.
    @Test func overAmortisingScheduleKeepsTheAmountLent() {
        let tiny = LoanTerms(principal: 452, annualRateBps: 1200, tenureMonths: 64, firstDueOn: date("2023-06-29"))
        #expect(tiny.emi == 10)
        let schedule = Schedule.instalments(for: tiny)
        #expect(schedule.last?.principal == -26)
        let d = Dues.compute(loanID: "X1", currency: .usd, terms: tiny, payments: [], rules: rules, asOf: date("2023-06-01"))
        #expect(d.principalOutstanding == 452 && d.payoff == 452)
    }

    @Test func oldestOverdueDrivesDPD() {
        let d = dues([], asOf: "2026-03-05")
        #expect(d.overdueInstalments == 2)
        #expect(d.dpd == 33) // 31 Jan → 5 Mar
        #expect(d.bucket == .dpd31to60)
        #expect(d.feesOverdue == 100_000)
    }

    @Test(arguments: [(0, Bucket.current), (1, .dpd1to30), (30, .dpd1to30), (31, .dpd31to60), (60, .dpd31to60),
                      (61, .dpd61to90), (90, .dpd61to90), (91, .dpd91to180), (180, .dpd91to180), (181, .dpd181plus)])
    func buckets(dpd: Int, bucket: Bucket) {
        #expect(Bucket(dpd: dpd) == bucket)
    }
}

func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }
