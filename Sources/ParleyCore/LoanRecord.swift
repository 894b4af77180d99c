/// A borrower's jurisdiction, which selects the compliance profile.
public enum Jurisdiction: String, Sendable, CaseIterable, Codable {
    case india = "IN", unitedStates = "US", unitedKingdom = "GB"

    public var defaultTimeZone: String {
        switch self {
        case .india: return "Asia/Kolkata"
        case .unitedStates: return "America/New_York"
        case .unitedKingdom: return "Europe/London"
        }
    }
}

/// One validated row of `loans.csv`.
public struct LoanRecord: Hashable, Sendable {
    public var loanID: String
    public var borrowerID: String
    public var borrowerName: String
    public var phone: String
    public var email: String?
    public var language: String
    public var timeZone: String
    public var jurisdiction: Jurisdiction
    public var currency: Currency
    public var terms: LoanTerms
    /// Whether the EMI came from the file (true) or was computed.
    public var emiGiven: Bool

    public init(loanID: String, borrowerID: String, borrowerName: String, phone: String, email: String?,
                language: String, timeZone: String, jurisdiction: Jurisdiction, currency: Currency,
                terms: LoanTerms, emiGiven: Bool) {
        self.loanID = loanID
        self.borrowerID = borrowerID
        self.borrowerName = borrowerName
        self.phone = phone
        self.email = email
        self.language = language
        self.timeZone = timeZone
        self.jurisdiction = jurisdiction
        self.currency = currency
        self.terms = terms
        self.emiGiven = emiGiven
    }
}

/// One validated row of `payments.csv`.
public struct PaymentRecord: Hashable, Sendable {
    public var loanID: String
    public var paidOn: CivilDate
    public var amount: Int64
    public var reference: String

    public init(loanID: String, paidOn: CivilDate, amount: Int64, reference: String) {
        self.loanID = loanID
        self.paidOn = paidOn
        self.amount = amount
        self.reference = reference
    }
}

/// A field that failed validation: the column and the reason.
public struct FieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public let column: String
    public let reason: String
    public init(column: String, reason: String) {
        self.column = column
        self.reason = reason
    }
    public var description: String { "\(column): \(reason)" }
}
