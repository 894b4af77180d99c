/// A way out of arrears that the policy offers a borrower today, with its exact figures.
public enum Pathway: Hashable, Sendable {
    case payOverdue(amount: Int64)
    case payInFull(amount: Int64)
    case settlement(amount: Int64, discountBps: Int, deadline: CivilDate)
    case plan(months: Int, instalment: Int64, firstDue: CivilDate, total: Int64)
    case hardshipPause(days: Int)
    case dispute

    public var kind: String {
        switch self {
        case .payOverdue: return "pay_overdue"
        case .payInFull: return "pay_in_full"
        case .settlement: return "settlement"
        case .plan: return "plan"
        case .hardshipPause: return "hardship_pause"
        case .dispute: return "dispute"
        }
    }

    public var json: JSONValue {
        switch self {
        case .payOverdue(let amount), .payInFull(let amount):
            return ["kind": .string(kind), "amount": .int(amount)]
        case .settlement(let amount, let discountBps, let deadline):
            return ["kind": .string(kind), "amount": .int(amount), "discount_bps": .int(Int64(discountBps)),
                    "deadline": .string(deadline.description)]
        case .plan(let months, let instalment, let firstDue, let total):
            return ["kind": .string(kind), "months": .int(Int64(months)), "instalment": .int(instalment),
                    "first_due": .string(firstDue.description), "total": .int(total)]
        case .hardshipPause(let days):
            return ["kind": .string(kind), "days": .int(Int64(days))]
        case .dispute:
            return ["kind": .string(kind)]
        }
    }
}

/// The pathways open to a borrower for one loan, from its dues and the lender's policy. Pure.
public enum Pathways {
    public static func offered(dues: Dues, policy: LenderPolicy) -> [Pathway] {
        var pathways: [Pathway] = []
        if dues.totalOverdue > 0 { pathways.append(.payOverdue(amount: dues.totalOverdue)) }
        guard dues.payoff > 0 else { return pathways + [.dispute] }
        pathways.append(.payInFull(amount: dues.payoff))
        if dues.dpd > 0 {
            let amount = Arithmetic.roundHalfUp(dues.payoff * Int64(policy.settlementShareBps), 10_000)
            if amount < dues.payoff {
                pathways.append(.settlement(amount: amount, discountBps: 10_000 - policy.settlementShareBps,
                                            deadline: dues.asOf.adding(days: policy.settlementDeadlineDays)))
            }
            for months in policy.planMonths.sorted() where months > 1 {
                // Equal instalments rounded up to the minor unit; the last is smaller by the rounding.
                let instalment = (dues.payoff + Int64(months) - 1) / Int64(months)
                pathways.append(.plan(months: months, instalment: instalment, firstDue: dues.asOf.adding(days: 7), total: dues.payoff))
            }
            if policy.hardshipPauseDays > 0 { pathways.append(.hardshipPause(days: policy.hardshipPauseDays)) }
        }
        pathways.append(.dispute)
        return pathways
    }
}
