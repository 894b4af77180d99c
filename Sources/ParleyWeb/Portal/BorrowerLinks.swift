import ParleyCore
import ParleyCrypto
import ParleyStore

/// Personal entry links: a random token (only its SHA-256 is stored), single-use, expiring.
public enum BorrowerLinks {
    /// Issues a link for the borrower of `loanID` and returns its URL.
    public static func issue(store: SQLiteStore, lenderID: String, loanID: String, baseURL: String,
                             now: Instant, lifetimeSeconds: Int64) throws -> String {
        guard let loan = try store.loan(lenderID: lenderID, loanID: loanID),
              let borrower = try store.borrower(lenderID: lenderID, borrowerID: loan.record.borrowerID) else {
            throw StoreError.unknownLoan(loanID)
        }
        let token = Sodium.randomToken()
        try store.createLink(BorrowerLink(tokenHash: Sodium.sha256Hex(token), lenderID: lenderID, borrowerKey: borrower.key,
                                          loanKey: loan.key, createdAt: now, expiresAt: now.adding(seconds: lifetimeSeconds)))
        return baseURL.trimmingSuffix("/") + "/p/" + token
    }
}

extension String {
    /// The text without any trailing repeats of `suffix` (`https://x//` → `https://x`).
    public func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
