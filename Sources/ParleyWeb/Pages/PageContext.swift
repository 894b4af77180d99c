/// What every page needs besides its own model.
public struct PageContext: Sendable {
    public var language: Language
    /// Put in a hidden `csrf` field of every POST form.
    public var csrfToken: String
    /// The current path, without query; the language links point here with `?lang=`.
    public var path: String
    /// Shown in the header once the borrower has confirmed their code.
    public var borrowerName: String?
    /// A one-line notice after an action (e.g. `Message(.flashProposalSent)`).
    public var flash: Message?
    /// Where "Back to your loans" leads; `nil` hides that link (before sign-in).
    public var homeHref: String?

    public init(language: Language, csrfToken: String, path: String, borrowerName: String? = nil,
                flash: Message? = nil, homeHref: String? = nil) {
        self.language = language
        self.csrfToken = csrfToken
        self.path = path
        self.borrowerName = borrowerName
        self.flash = flash
        self.homeHref = homeHref
    }
}
