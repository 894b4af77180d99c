/// The borrower's loans and their cases.
public struct HomeModel: Sendable {
    public var loans: [LoanSummaryRow]

    public init(loans: [LoanSummaryRow]) {
        self.loans = loans
    }
}

/// One loan on the home page.
public struct LoanSummaryRow: Sendable {
    public var loanID: String
    /// The product as the lender names it ("Two-wheeler loan"); shown as given.
    public var product: String?
    /// Preformatted money, e.g. "₹8,884.88".
    public var totalOverdueText: String
    public var dpd: Int
    public var caseID: String?
    /// The case's status name, e.g. `.statusNegotiating`; `nil` without a case.
    public var caseStatusKey: Key?
    /// The loan page.
    public var href: String

    public init(loanID: String, product: String? = nil, totalOverdueText: String, dpd: Int,
                caseID: String? = nil, caseStatusKey: Key? = nil, href: String) {
        self.loanID = loanID
        self.product = product
        self.totalOverdueText = totalOverdueText
        self.dpd = dpd
        self.caseID = caseID
        self.caseStatusKey = caseStatusKey
        self.href = href
    }
}
