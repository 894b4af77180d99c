/// The one-time code form shown after the borrower opens their personal link.
public struct CodeEntryModel: Sendable {
    /// Where the code went, already masked ("••••••3210").
    public var maskedDestination: String
    public var channel: CodeChannel
    public var formAction: String
    public var error: CodeError?
    public var attemptsLeft: Int

    public init(maskedDestination: String, channel: CodeChannel, formAction: String,
                error: CodeError? = nil, attemptsLeft: Int) {
        self.maskedDestination = maskedDestination
        self.channel = channel
        self.formAction = formAction
        self.error = error
        self.attemptsLeft = attemptsLeft
    }
}

/// How the one-time code was sent.
public enum CodeChannel: String, Sendable, CaseIterable {
    case sms, email, whatsapp
}

/// Why the last code was refused. `expired` and `lockedOut` hide the form.
public enum CodeError: Sendable, CaseIterable {
    case wrongCode, expired, lockedOut
}
