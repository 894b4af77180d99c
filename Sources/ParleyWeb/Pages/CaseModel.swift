/// A case: its timeline and the borrower's forms.
public struct CaseModel: Sendable {
    public var caseID: String
    public var loanID: String
    public var statusKey: Key
    /// Oldest first, as recorded.
    public var timeline: [TimelineEntry]
    public var proposeAction: String
    public var hardshipAction: String
    public var uploadAction: String
    public var disputeAction: String
    /// The message form appears only when set.
    public var messageAction: String?
    /// Validation errors from the last POST, by field.
    public var errors: [FormField: Message]
    /// What the borrower typed, put back after a failed POST.
    public var values: [FormField: String]
    /// The loan page, linked from the heading area.
    public var loanHref: String?

    public init(caseID: String, loanID: String, statusKey: Key, timeline: [TimelineEntry],
                proposeAction: String, hardshipAction: String, uploadAction: String, disputeAction: String,
                messageAction: String? = nil, errors: [FormField: Message] = [:],
                values: [FormField: String] = [:], loanHref: String? = nil) {
        self.caseID = caseID
        self.loanID = loanID
        self.statusKey = statusKey
        self.timeline = timeline
        self.proposeAction = proposeAction
        self.hardshipAction = hardshipAction
        self.uploadAction = uploadAction
        self.disputeAction = disputeAction
        self.messageAction = messageAction
        self.errors = errors
        self.values = values
        self.loanHref = loanHref
    }
}

/// One event on the case timeline.
public struct TimelineEntry: Sendable {
    /// Preformatted, e.g. "12 Jun 2025, 14:05".
    public var timeText: String
    /// The event's title, e.g. `.eventProposalSent`.
    public var titleKey: Key
    public var actor: TimelineActor?
    /// Free text (a summary, a message); escaped, line breaks kept.
    public var detail: String?

    public init(timeText: String, titleKey: Key, actor: TimelineActor? = nil, detail: String? = nil) {
        self.timeText = timeText
        self.titleKey = titleKey
        self.actor = actor
        self.detail = detail
    }
}

/// Who an event is shown as coming from.
public enum TimelineActor: Sendable, CaseIterable {
    case you, lender, mediator, platform

    var key: Key {
        switch self {
        case .you: .actorYou
        case .lender: .actorLender
        case .mediator: .actorMediator
        case .platform: .actorPlatform
        }
    }
}

/// The names of the borrower's form fields, as posted.
public enum FormField: String, Sendable, CaseIterable {
    // code entry
    case code
    // propose
    case amount, instalments
    case firstDate = "first_date"
    // hardship
    case income, expenses, dependants, statement
    // upload
    case document
    case documentNote = "document_note"
    // dispute
    case reason, details
    // message
    case message
}

/// The `reason` values of the dispute form.
public enum DisputeReason: String, Sendable, CaseIterable {
    case amountWrong = "amount_wrong"
    case alreadyPaid = "already_paid"
    case notMyLoan = "not_my_loan"
    case other

    var key: Key {
        switch self {
        case .amountWrong: .reasonAmountWrong
        case .alreadyPaid: .reasonAlreadyPaid
        case .notMyLoan: .reasonNotMyLoan
        case .other: .reasonOther
        }
    }
}

/// The limits the forms state and the server must enforce.
public enum FormLimits {
    public static let maxInstalments = 36
    public static let maxStatementCharacters = 1000
    public static let maxUploadBytes = 5 * 1024 * 1024
    public static let acceptedUploadTypes = ["application/pdf", "image/jpeg", "image/png"]
}
