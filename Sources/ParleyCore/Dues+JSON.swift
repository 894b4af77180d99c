extension Dues {
    /// The `parley dues --json` contract: amounts in minor units.
    public var json: JSONValue {
        [
            "loan_id": .string(loanID),
            "as_of": .string(asOf.description),
            "currency": .string(currency.code),
            "dpd": .int(Int64(dpd)),
            "bucket": .string(bucket.rawValue),
            "overdue_instalments": .int(Int64(overdueInstalments)),
            "principal_overdue": .int(principalOverdue),
            "interest_overdue": .int(interestOverdue),
            "fees_overdue": .int(feesOverdue),
            "total_overdue": .int(totalOverdue),
            "principal_outstanding": .int(principalOutstanding),
            "payoff": .int(payoff),
            "credit": .int(credit),
            "paid_total": .int(paidTotal),
            "emi": .int(emi),
            "next_due_on": nextDueOn.map { .string($0.description) } ?? .null,
            "next_due_amount": .int(nextDueAmount),
        ]
    }
}
