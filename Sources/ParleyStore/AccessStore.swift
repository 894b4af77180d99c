import ParleyCore

/// Staff roles (SPEC.md "Roles").
public enum Role: String, Sendable, CaseIterable, Codable {
    case lenderAdmin = "lender_admin"
    case lenderAgent = "lender_agent"
    case caseManager = "case_manager"
    case mediator
    case arbitrator
    case platformAdmin = "platform_admin"

    /// Roles bound to one lender; the others belong to the platform or the ODR institution.
    public var isLenderScoped: Bool { self == .lenderAdmin || self == .lenderAgent }
}

public struct StoredUser: Hashable, Sendable {
    public let id: Int64
    public let email: String
    public let passwordHash: String
    public let role: Role
    public let lenderID: String?
    public let disabled: Bool
    public init(id: Int64, email: String, passwordHash: String, role: Role, lenderID: String?, disabled: Bool) {
        self.id = id; self.email = email; self.passwordHash = passwordHash; self.role = role
        self.lenderID = lenderID; self.disabled = disabled
    }
}

/// A browser session (staff or borrower). Only the token's SHA-256 is stored.
public struct StoredSession: Hashable, Sendable {
    public enum Subject: Hashable, Sendable { case user(Int64), borrower(lenderID: String, borrowerKey: Int64) }
    public let tokenHash: String
    public let subject: Subject
    public let csrfToken: String
    public let createdAt: Instant
    public let expiresAt: Instant
    public init(tokenHash: String, subject: Subject, csrfToken: String, createdAt: Instant, expiresAt: Instant) {
        self.tokenHash = tokenHash; self.subject = subject; self.csrfToken = csrfToken
        self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

public struct StoredAPIKey: Hashable, Sendable {
    public let id: Int64
    public let lenderID: String
    /// The first characters of the key, shown to people so they can tell keys apart.
    public let prefix: String
    public let createdAt: Instant
    public let revokedAt: Instant?
}

/// A borrower's personal entry link and its one-time-code challenge.
public struct BorrowerLink: Hashable, Sendable {
    public let tokenHash: String
    public let lenderID: String
    public let borrowerKey: Int64
    public let loanKey: Int64
    public let createdAt: Instant
    public let expiresAt: Instant
    public var usedAt: Instant?
    public var codeHash: String?
    public var codeExpiresAt: Instant?
    public var codeAttempts: Int
    public var locked: Bool
    public init(tokenHash: String, lenderID: String, borrowerKey: Int64, loanKey: Int64, createdAt: Instant, expiresAt: Instant,
                usedAt: Instant? = nil, codeHash: String? = nil, codeExpiresAt: Instant? = nil, codeAttempts: Int = 0, locked: Bool = false) {
        self.tokenHash = tokenHash; self.lenderID = lenderID; self.borrowerKey = borrowerKey; self.loanKey = loanKey
        self.createdAt = createdAt; self.expiresAt = expiresAt; self.usedAt = usedAt; self.codeHash = codeHash
        self.codeExpiresAt = codeExpiresAt; self.codeAttempts = codeAttempts; self.locked = locked
    }
}

/// A borrower's contact record (personal data: never logged).
public struct StoredBorrower: Hashable, Sendable {
    public let key: Int64
    public let lenderID: String
    public let borrowerID: String
    public let name: String
    public let phone: String
    public let email: String?
    public let language: String
    public let timeZone: String
    public let jurisdiction: Jurisdiction
}

/// Users, sessions, API keys and borrower links.
public protocol AccessStore: AnyObject {
    /// Fails with a unique violation when the email is taken.
    func createUser(email: String, passwordHash: String, role: Role, lenderID: String?, at: Instant) throws -> StoredUser
    func user(email: String) throws -> StoredUser?
    func user(id: Int64) throws -> StoredUser?

    func createSession(_ session: StoredSession) throws
    /// The session if it exists and has not expired at `now`.
    func session(tokenHash: String, now: Instant) throws -> StoredSession?
    func deleteSession(tokenHash: String) throws

    func createAPIKey(lenderID: String, keyHash: String, prefix: String, at: Instant) throws -> StoredAPIKey
    /// The key's lender when the key exists and is not revoked.
    func apiKey(keyHash: String) throws -> StoredAPIKey?
    func revokeAPIKey(prefix: String, lenderID: String, at: Instant) throws -> Bool
    func apiKeys(lenderID: String) throws -> [StoredAPIKey]

    func createLink(_ link: BorrowerLink) throws
    func link(tokenHash: String) throws -> BorrowerLink?
    /// Saves the challenge fields (code hash, expiry, attempts, lock) of a link.
    func updateLinkChallenge(_ link: BorrowerLink) throws
    /// Marks the link used; false when it was already used (so two tabs cannot both enter).
    func consumeLink(tokenHash: String, at: Instant) throws -> Bool

    func borrower(key: Int64) throws -> StoredBorrower?
    func borrower(lenderID: String, borrowerID: String) throws -> StoredBorrower?
    /// The borrower's loans, in loan-id order.
    func loans(borrowerKey: Int64) throws -> [StoredLoan]
}

/// A message on its way to a borrower. The outbox is transactional: enqueued with the change that caused it.
public struct OutboxMessage: Hashable, Sendable {
    /// `sending` marks a message a dispatcher has claimed and is handing to its provider right now.
    public enum Status: String, Sendable, CaseIterable { case planned, sending, sent, delivered, read, failed, blocked, dropped }
    public var id: Int64
    public let lenderID: String
    public let borrowerKey: Int64
    public let loanKey: Int64?
    public let caseKey: Int64?
    public let channel: String
    public let template: String
    public let language: String
    public let destination: String
    public let body: String
    public var status: Status
    public let plannedAt: Instant
    public var sentAt: Instant?
    public var reason: String?
    /// One logical message, sent at most once per channel.
    public let idempotencyKey: String
    /// `collection` or `transactional` (see `MessagePurpose`): decides which gate rules apply.
    public var purpose: MessagePurpose = .collection
    /// Email subject or push title.
    public var subject: String?
    /// The template's named variables (the dispatcher orders them for WhatsApp body parameters and DLT `{#var#}` fills).
    public var variables: [String: String] = [:]
    /// The logical message this row sends; fail-over rows on other channels share it. Defaults to the idempotency key.
    public var logicalKey: String?
    /// Channels to fail over to, in order, when this one cannot deliver.
    public var fallbacks: [Channel] = []
    /// The planner's contact window index, for learning which hours work.
    public var window: Int?
    /// The learner's segment key.
    public var segment: String?
    /// When the dispatcher may next try it (the planned time, later after a reschedule or a retry back-off).
    public var dueAt: Instant?
    public var attempts = 0
    public var provider: String?
    public var providerMessageID: String?
    public var deliveredAt: Instant?
    public var readAt: Instant?

    /// The one reply that confirms an opt-out: it goes to the channel the borrower just left, so the gate lets it through.
    public static let optOutConfirmationTemplate = "optout_confirmation"

    public init(id: Int64 = 0, lenderID: String, borrowerKey: Int64, loanKey: Int64?, caseKey: Int64?, channel: String,
                template: String, language: String, destination: String, body: String, status: Status, plannedAt: Instant,
                sentAt: Instant? = nil, reason: String? = nil, idempotencyKey: String) {
        self.id = id; self.lenderID = lenderID; self.borrowerKey = borrowerKey; self.loanKey = loanKey; self.caseKey = caseKey
        self.channel = channel; self.template = template; self.language = language; self.destination = destination
        self.body = body; self.status = status; self.plannedAt = plannedAt; self.sentAt = sentAt; self.reason = reason
        self.idempotencyKey = idempotencyKey
    }
}

/// An outbox row joined with the ids people use.
public struct OutboxEntry: Hashable, Sendable {
    public let message: OutboxMessage
    public let borrowerID: String
    public let loanID: String?
    public let caseID: String?
}

public protocol OutboxStore: AnyObject {
    /// Enqueues once per idempotency key; returns the stored message (the existing one on a repeat).
    func enqueue(_ message: OutboxMessage) throws -> OutboxMessage
    func outbox(lenderID: String?, loanID: String?, limit: Int) throws -> [OutboxEntry]
    func markSent(id: Int64, at: Instant) throws
}

/// A document uploaded to a case.
public struct StoredDocument: Hashable, Sendable {
    public let id: Int64
    public let caseKey: Int64
    public let filename: String
    public let contentType: String
    public let size: Int
    public let sha256: String
    public let uploadedAt: Instant
}

public protocol DocumentStore: AnyObject {
    func addDocument(caseKey: Int64, filename: String, contentType: String, data: [UInt8], sha256: String, at: Instant) throws -> StoredDocument
    func documents(caseKey: Int64) throws -> [StoredDocument]
}

/// Per-borrower outreach preferences and holds (opt-outs are honoured at once, on every channel asked).
public protocol ContactStore: AnyObject {
    /// Records an opt-out; false when the borrower had already opted out of that channel.
    func optOut(borrowerKey: Int64, channel: String, at: Instant, source: String) throws -> Bool
    func optedOutChannels(borrowerKey: Int64) throws -> Set<String>
    /// Places a borrower-level hold; false when it was already in force.
    func placeHold(borrowerKey: Int64, kind: HoldKind, at: Instant, by: String) throws -> Bool
    /// Clears a borrower-level hold; false when there was none.
    func clearHold(borrowerKey: Int64, kind: HoldKind) throws -> Bool
    func holds(borrowerKey: Int64) throws -> Set<HoldKind>
}
