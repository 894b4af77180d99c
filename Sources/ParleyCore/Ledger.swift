/// What the ledger needs from the lender's policy.
public struct LedgerRules: Hashable, Sendable {
    public var graceDays: Int
    /// Late fee in the loan's minor units, charged once per late instalment.
    public var lateFee: Int64

    public init(graceDays: Int, lateFee: Int64) {
        self.graceDays = graceDays
        self.lateFee = lateFee
    }
}

/// A payment as the ledger sees it. Order among same-day payments is the order given.
public struct LedgerPayment: Hashable, Sendable {
    public let paidOn: CivilDate
    public let amount: Int64
    public init(paidOn: CivilDate, amount: Int64) {
        self.paidOn = paidOn
        self.amount = amount
    }
}

extension LedgerPayment {
    /// By day, keeping the given order within a day (for payments in insertion order, what `ORDER BY paid_on, id`
    /// gives). Payments already in day order come back as they are.
    public static func inDayOrder(_ payments: [LedgerPayment]) -> [LedgerPayment] {
        guard zip(payments, payments.dropFirst()).contains(where: { $0.paidOn > $1.paidOn }) else { return payments }
        return payments.enumerated().sorted { ($0.element.paidOn, $0.offset) < ($1.element.paidOn, $1.offset) }.map(\.element)
    }
}

/// The state of one instalment after allocation.
public struct InstalmentPosition: Hashable, Sendable {
    public let instalment: Instalment
    public internal(set) var fee: Int64 = 0
    public internal(set) var feePaid: Int64 = 0
    public internal(set) var interestPaid: Int64 = 0
    public internal(set) var principalPaid: Int64 = 0

    public var unpaidFee: Int64 { max(0, fee - feePaid) }
    /// What the waterfall can still put into interest (a negative scheduled part takes nothing).
    public var unpaidInterest: Int64 { max(0, instalment.interest - interestPaid) }
    public var unpaidPrincipal: Int64 { max(0, instalment.principal - principalPaid) }
    /// Scheduled minus paid, kept signed. SPEC.md's schedule can produce a negative part (an EMI that
    /// over-amortises, a tiny principal over a long tenure); sums of these keep the total principal
    /// equal to the amount lent, as the formula written literally does.
    public var balanceInterest: Int64 { instalment.interest - interestPaid }
    public var balancePrincipal: Int64 { instalment.principal - principalPaid }
    /// Interest and principal fully paid (a fee alone does not count).
    public var isCleared: Bool { unpaidInterest == 0 && unpaidPrincipal == 0 }
    var isSettled: Bool { isCleared && unpaidFee == 0 }
}

/// Allocation of payments to a schedule as of the end of a day (SPEC.md "Loan arithmetic").
public struct Ledger: Sendable {
    public let asOf: CivilDate
    public private(set) var positions: [InstalmentPosition]
    /// Paid beyond everything the loan will ever owe.
    public private(set) var credit: Int64 = 0
    public private(set) var paidTotal: Int64 = 0

    /// `payments` must be in file order; they are applied by date, stable within a date.
    public init(schedule: [Instalment], payments: [LedgerPayment], rules: LedgerRules, asOf: CivilDate) {
        self.asOf = asOf
        var positions = schedule.map { InstalmentPosition(instalment: $0) }
        let due = payments.allSatisfy { $0.paidOn <= asOf } ? payments : payments.filter { $0.paidOn <= asOf }
        let ordered = LedgerPayment.inDayOrder(due)
        var credit: Int64 = 0, paidTotal: Int64 = 0
        positions.withUnsafeMutableBufferPointer { positions in
            var nextFee = 0
            var cursor = 0
            for payment in ordered {
                Self.chargeFees(&positions, through: payment.paidOn, next: &nextFee, rules: rules)
                paidTotal += payment.amount
                credit += Self.apply(payment.amount, to: &positions, cursor: &cursor)
            }
            Self.chargeFees(&positions, through: asOf, next: &nextFee, rules: rules)
        }
        self.positions = positions
        self.credit = credit
        self.paidTotal = paidTotal
    }

    /// Charges the fee of each instalment whose charge day (due + grace + 1, at the start of the day)
    /// is on or before `day` and whose interest and principal are not fully paid by then.
    private static func chargeFees(_ positions: inout UnsafeMutableBufferPointer<InstalmentPosition>, through day: CivilDate,
                                   next: inout Int, rules: LedgerRules) {
        while next < positions.count {
            let chargeDay = positions[next].instalment.dueOn.adding(days: rules.graceDays + 1)
            guard chargeDay <= day else { return }
            if !positions[next].isCleared { positions[next].fee = rules.lateFee }
            next += 1
        }
    }

    /// Allocates `amount` down the waterfall (fee, interest, principal, instalment by instalment); returns what is
    /// left over once everything the loan will ever owe is paid.
    private static func apply(_ amount: Int64, to positions: inout UnsafeMutableBufferPointer<InstalmentPosition>,
                              cursor: inout Int) -> Int64 {
        var left = amount
        while left > 0 && cursor < positions.count {
            let fee = min(left, positions[cursor].unpaidFee)
            positions[cursor].feePaid += fee
            left -= fee
            let interest = min(left, positions[cursor].unpaidInterest)
            positions[cursor].interestPaid += interest
            left -= interest
            let principal = min(left, positions[cursor].unpaidPrincipal)
            positions[cursor].principalPaid += principal
            left -= principal
            if positions[cursor].isSettled { cursor += 1 }
        }
        return left
    }

    /// An instalment is overdue when due before the as-of day and not cleared.
    public func isOverdue(_ position: InstalmentPosition) -> Bool {
        position.instalment.dueOn < asOf && !position.isCleared
    }
}
