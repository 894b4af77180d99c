/// Helpers every adapter uses to turn a provider's answer into a `SendOutcome` reason.
enum ProviderAnswer {
    /// `Retry-After` in delta-seconds (the form the providers use); an HTTP-date or garbage gives nil.
    static func retryAfterSeconds(_ headers: HTTPClientHeaders) -> Int? {
        guard let value = headers["Retry-After"], let seconds = Int(value.trimmingSpaces()), seconds >= 0 else { return nil }
        return seconds
    }

    /// Provider text made fit for a reason that is stored and logged: runs of eight or more digits (phone numbers,
    /// account numbers echoed back) are masked, control characters dropped, and the length capped.
    static func scrub(_ text: String, limit: Int = 200) -> String {
        var out = "", digits = ""
        func flushDigits() {
            out += digits.count >= 8 ? String(repeating: "#", count: digits.count) : digits
            digits = ""
        }
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            flushDigits()
            if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { out.append(character) }
        }
        flushDigits()
        return out.count > limit ? String(out.prefix(limit)) + "…" : out
    }

    /// The standard mapping of a status without a more specific provider code: 429 and 5xx retry, the rest fail.
    static func outcome(status: Int, reason: String, retryAfter: Int?) -> SendOutcome {
        if status == 429 || status >= 500 { return .retryable(reason: reason, retryAfterSeconds: retryAfter) }
        return .permanentFailure(reason: reason)
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}

extension ProviderAnswer {
    /// No HTTP answer: a request that cannot be sent fails for good; network trouble is worth a retry.
    static func outcome(for error: HTTPClientError, kind: String) -> SendOutcome {
        switch error.kind {
        case .invalidRequest, .setup: .permanentFailure(reason: "\(kind): \(error)")
        default: .retryable(reason: "\(kind): \(error)", retryAfterSeconds: nil)
        }
    }

    /// Guards every adapter shares: the message was routed to the right channel.
    static func wrongChannel(_ message: OutboundMessage, provider: some ChannelProvider) -> SendOutcome? {
        guard message.channel != provider.channel else { return nil }
        return .permanentFailure(reason: "\(provider.kind): a \(message.channel.rawValue) message reached the \(provider.channel.rawValue) provider")
    }
}
