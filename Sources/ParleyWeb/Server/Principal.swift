import ParleyStore

/// Who is making a request, once authenticated.
public enum Principal: Sendable {
    /// A lender's system, by API key: bound to one lender.
    case lenderSystem(lenderID: String, keyPrefix: String)
    /// Staff signed in with a session.
    case staff(user: StoredUser, csrfToken: String)
    /// A borrower who entered through their personal link.
    case borrower(lenderID: String, borrowerKey: Int64, csrfToken: String)

    /// The lender whose data this principal may see, when bound to one; nil for platform-wide roles.
    public var lenderID: String? {
        switch self {
        case .lenderSystem(let lenderID, _): return lenderID
        case .staff(let user, _): return user.role.isLenderScoped ? user.lenderID : nil
        case .borrower(let lenderID, _, _): return lenderID
        }
    }

    public var csrfToken: String? {
        switch self {
        case .lenderSystem: return nil
        case .staff(_, let token), .borrower(_, _, let token): return token
        }
    }
}
