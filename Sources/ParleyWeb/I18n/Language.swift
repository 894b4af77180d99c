/// A language the borrower's space is offered in.
public enum Language: String, Sendable, CaseIterable {
    case en, hi

    /// Reads a `lang` query or cookie value; anything unknown is `nil`.
    public init?(code: String) {
        self.init(rawValue: code.lowercased())
    }
}
