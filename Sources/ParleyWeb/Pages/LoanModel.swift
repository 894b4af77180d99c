/// One loan: the dues breakdown, each figure explained, then the pathways open today.
public struct LoanModel: Sendable {
    public var loanID: String
    /// Preformatted as-of date, e.g. "12 Jun 2025".
    public var asOfText: String
    public var dpd: Int
    /// The DPD bucket as shown to people, e.g. "31–60".
    public var bucket: String
    public var figures: [DuesFigure]
    public var pathways: [Pathway]
    public var caseID: String?
    /// The case page; "Propose your own terms" links to its `#propose` form.
    public var timelineHref: String?

    public init(loanID: String, asOfText: String, dpd: Int, bucket: String, figures: [DuesFigure],
                pathways: [Pathway], caseID: String? = nil, timelineHref: String? = nil) {
        self.loanID = loanID
        self.asOfText = asOfText
        self.dpd = dpd
        self.bucket = bucket
        self.figures = figures
        self.pathways = pathways
        self.caseID = caseID
        self.timelineHref = timelineHref
    }
}

/// One line of the dues breakdown.
public struct DuesFigure: Sendable {
    public var kind: DuesFigureKind
    /// Preformatted: "₹8,884.88", or "2" for a count of instalments.
    public var valueText: String
    /// Arguments of the explanation sentence; only `.nextInstalment` takes one (its due date).
    public var explanationArgs: [String]

    public init(kind: DuesFigureKind, valueText: String, explanationArgs: [String] = []) {
        self.kind = kind
        self.valueText = valueText
        self.explanationArgs = explanationArgs
    }
}

/// The figures of SPEC.md's dues breakdown.
public enum DuesFigureKind: Sendable, CaseIterable {
    case overdueInstalments, principalOverdue, interestOverdue, feesOverdue
    case totalOverdue, principalOutstanding, payoff, nextInstalment
}

/// A resolution pathway with its exact figures, chosen by a POST form.
public struct Pathway: Sendable {
    public var kind: PathwayKind
    /// The headline amount (to pay now, the settlement sum, the plan's total).
    public var amountText: String?
    /// The detail sentence's arguments; see `PathwayKind`.
    public var detailArgs: [String]
    public var formAction: String
    /// Posted with the choice (e.g. `pathway`, `offer_id`); rendered sorted by name.
    public var hiddenFields: [String: String]

    public init(kind: PathwayKind, amountText: String? = nil, detailArgs: [String] = [],
                formAction: String, hiddenFields: [String: String] = [:]) {
        self.kind = kind
        self.amountText = amountText
        self.detailArgs = detailArgs
        self.formAction = formAction
        self.hiddenFields = hiddenFields
    }
}

/// The pathways a policy can offer. Detail arguments:
/// `settlement` [discount "40%", deadline]; `plan` [months, instalment, first date];
/// `hardshipPause` [months]; the others none.
public enum PathwayKind: String, Sendable, CaseIterable {
    case payOverdue, payInFull, settlement, plan, hardshipPause, dispute
}
