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

    /// `json.canonical` as bytes, written directly: the API's hottest response.
    public var canonicalJSON: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 400)
        writer.add("as_of", asOf.description)
        writer.add("bucket", bucket.rawValue)
        writer.add("credit", credit)
        writer.add("currency", currency.code)
        writer.add("dpd", dpd)
        writer.add("emi", emi)
        writer.add("fees_overdue", feesOverdue)
        writer.add("interest_overdue", interestOverdue)
        writer.add("loan_id", loanID)
        writer.add("next_due_amount", nextDueAmount)
        writer.add("next_due_on", nextDueOn?.description)
        writer.add("overdue_instalments", overdueInstalments)
        writer.add("paid_total", paidTotal)
        writer.add("payoff", payoff)
        writer.add("principal_outstanding", principalOutstanding)
        writer.add("principal_overdue", principalOverdue)
        writer.add("total_overdue", totalOverdue)
        return writer.finish()
    }
}
