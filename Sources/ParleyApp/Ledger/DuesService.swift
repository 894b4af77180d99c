import ParleyCore
import ParleyStore

/// Computes a stored loan's dues under its lender's policy.
public struct DuesService {
    let store: any Store
    public init(store: any Store) { self.store = store }

    public func dues(lenderID: String, loanID: String, asOf: CivilDate) throws -> Dues {
        guard let loan = try store.loan(lenderID: lenderID, loanID: loanID) else {
            throw AppError.notFound("no loan \"\(loanID)\" for lender \(lenderID)")
        }
        let policy = try store.policy(lenderID: lenderID)
        return Dues.compute(loanID: loan.record.loanID, currency: loan.record.currency, terms: loan.record.terms,
                            payments: try store.payments(loanKey: loan.key),
                            rules: policy.ledgerRules(for: loan.record.currency), asOf: asOf)
    }
}

extension Dues {
    /// A plain-language statement of the dues, for people.
    public var text: String {
        func money(_ minor: Int64) -> String { Money(minor: minor, currency: currency).description }
        var lines = [
            "Loan \(loanID) as of the end of \(asOf)",
            "  Days past due:          \(dpd) (bucket \(bucket.rawValue))",
            "  Overdue instalments:    \(overdueInstalments)",
            "  Overdue principal:      \(money(principalOverdue))",
            "  Overdue interest:       \(money(interestOverdue))",
            "  Late fees unpaid:       \(money(feesOverdue))",
            "  Total overdue:          \(money(totalOverdue))",
            "  Principal outstanding:  \(money(principalOutstanding))",
            "  Payoff today:           \(money(payoff))",
        ]
        if let nextDueOn { lines.append("  Next instalment:        \(money(nextDueAmount)) due \(nextDueOn)") }
        if credit > 0 { lines.append("  Credit held:            \(money(credit))") }
        return lines.joined(separator: "\n")
    }
}
