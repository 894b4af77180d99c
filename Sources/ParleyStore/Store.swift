import ParleyCore

/// A lender: the unit of tenancy. Nothing crosses lenders.
public struct Lender: Hashable, Sendable {
    public let id: String
    public var name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A loan as stored, with its storage key.
public struct StoredLoan: Hashable, Sendable {
    public let key: Int64
    public let lenderID: String
    /// The borrower's row: whose loan it is, as a borrower session names them.
    public let borrowerKey: Int64
    public let record: LoanRecord
}

/// What a loan's dues need, and whose it is: the API's dues endpoints read only this.
public struct StoredLoanTerms: Hashable, Sendable {
    public let key: Int64
    public let lenderID: String
    public let borrowerKey: Int64
    public let loanID: String
    public let currency: Currency
    public let terms: LoanTerms
}

/// What an idempotent import did with one row.
public enum RowOutcome: Equatable, Sendable {
    case inserted
    /// Already stored with the same content: nothing changed.
    case unchanged
    /// The same id appears earlier in this import.
    case duplicateInImport
    /// Stored before with different content; nothing changed.
    case conflict(String)
}

/// A case's projection: the fold of its events, kept in step with every append.
public struct CaseSummary: Hashable, Sendable {
    public let key: Int64
    /// The id shown to people and used in URLs and the hash chain, e.g. `C0000042`.
    public let id: String
    public let lenderID: String
    public let loanID: String
    public let borrowerID: String
    public let state: CaseState

    public init(key: Int64, id: String, lenderID: String, loanID: String, borrowerID: String, state: CaseState) {
        self.key = key
        self.id = id
        self.lenderID = lenderID
        self.loanID = loanID
        self.borrowerID = borrowerID
        self.state = state
    }

    public static func displayID(_ key: Int64) -> String {
        let digits = String(key)
        return "C" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    public static func key(fromDisplayID id: String) -> Int64? {
        guard id.first == "C" || id.first == "c", let key = Int64(id.dropFirst()), key > 0 else { return nil }
        return key
    }
}

/// One loan with everything the daily cycle needs to decide about it.
public struct CycleLoan: Sendable {
    public let key: Int64
    public let loanID: String
    public let borrowerID: String
    public let currency: Currency
    public let terms: LoanTerms
    /// In the order they were recorded.
    public let payments: [LedgerPayment]
    public let openCase: CaseSummary?
}

/// A day's cycle as recorded: counts accumulate across crash-and-rerun.
public struct CycleRun: Hashable, Sendable {
    public let lenderID: String
    public let asOf: CivilDate
    public var loansChecked: Int
    public var casesOpened: Int
    public var casesCured: Int
    public var completed: Bool
    public var runs: Int
}

/// Case list filter.
public struct CaseQuery: Sendable {
    public var lenderID: String
    public var status: CaseStatus?
    public var openOnly = false
    public var loanID: String?
    public var limit = 100
    public var afterKey: Int64 = 0
    public init(lenderID: String) { self.lenderID = lenderID }
}

/// Errors a store reports in domain terms.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownLender(String)
    case unknownLoan(String)
    case unknownCase(String)
    case transition(CaseTransitionError)
    case corrupt(String)

    public var description: String {
        switch self {
        case .unknownLender(let id): return "no lender \"\(id)\" (create it with `parley lender add`)"
        case .unknownLoan(let id): return "no loan \"\(id)\""
        case .unknownCase(let id): return "no case \"\(id)\""
        case .transition(let error): return error.description
        case .corrupt(let detail): return "stored data is inconsistent: \(detail)"
        }
    }
}

/// Persistence for Parley. One implementation per database engine; no engine's SQL leaks past it.
/// Calls are synchronous; a store instance is used by one thread at a time.
public protocol Store: AnyObject {
    /// Runs `body` atomically: everything or nothing.
    func transaction<T>(_ body: () throws -> T) throws -> T

    // Lenders and policy
    func upsertLender(_ lender: Lender) throws
    func lender(id: String) throws -> Lender?
    func lenders() throws -> [Lender]
    func policy(lenderID: String) throws -> LenderPolicy
    func savePolicy(_ policy: LenderPolicy, lenderID: String) throws

    // Import (call inside `transaction` so a failed file leaves nothing behind)
    func nextImportID() throws -> Int64
    func upsertLoan(_ record: LoanRecord, lenderID: String, importID: Int64) throws -> RowOutcome
    func loanCurrency(lenderID: String, loanID: String) throws -> Currency?
    func insertPayment(_ record: PaymentRecord, lenderID: String, importID: Int64) throws -> RowOutcome

    // Loans
    func loan(lenderID: String, loanID: String) throws -> StoredLoan?
    func payments(loanKey: Int64) throws -> [LedgerPayment]
    func loanCount(lenderID: String) throws -> Int
    func paymentCount(lenderID: String) throws -> Int
    /// Up to `limit` loans with key greater than `afterKey`, in key order, with payments and open case.
    func cycleLoans(lenderID: String, afterKey: Int64, limit: Int) throws -> [CycleLoan]

    // Cases and their events
    /// Opens a case for a loan with its first event; fails if the loan already has an open case.
    func openCase(loanKey: Int64, lenderID: String, event: NewCaseEvent) throws -> CaseSummary
    /// Appends an event after checking the transition; the projection moves in the same transaction.
    func appendEvent(caseKey: Int64, event: NewCaseEvent) throws -> CaseEvent
    func caseSummary(lenderID: String, id: String) throws -> CaseSummary?
    func cases(_ query: CaseQuery) throws -> [CaseSummary]
    func caseCounts(lenderID: String) throws -> [CaseStatus: Int]
    func events(caseKey: Int64) throws -> [CaseEvent]

    // Daily cycle bookkeeping
    func cycleRun(lenderID: String, asOf: CivilDate) throws -> CycleRun?
    func latestCycleDay(lenderID: String) throws -> CivilDate?
    /// Adds what one committed batch did (call inside the batch's transaction).
    func addCycleProgress(lenderID: String, asOf: CivilDate, opened: Int, cured: Int) throws
    /// Marks the start (completed false) or the end of a run of the day's cycle.
    func markCycle(lenderID: String, asOf: CivilDate, completed: Bool, loansChecked: Int) throws
}
