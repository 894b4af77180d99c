import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore

/// Entry to the borrower's space: personal link, then a one-time code on the borrower's channel.
extension WebApp {
    func registerEntryRoutes() {
        router.add(.GET, "/p/:token") { [unowned self] request in
            try pool.with { store in
                let csrf = anonymousCSRF(request)
                var context = pageContext(request, csrf: csrf.token, borrower: nil)
                guard let link = try usableLink(request, store: store),
                      let borrower = try store.borrower(key: link.borrowerKey) else {
                    return .html(Pages.linkUnavailable(context), status: 404)
                }
                context.language = language(request, borrower: borrower)
                var response: HTTPResponse
                if link.locked {
                    response = .html(Pages.codeEntry(codeModel(link, borrower, request, store: store, error: .lockedOut), context), status: 429)
                } else {
                    try sendCodeIfNeeded(link, borrower: borrower, store: store)
                    response = .html(Pages.codeEntry(codeModel(link, borrower, request, store: store, error: nil), context))
                }
                if csrf.isNew { setAnonymousCSRF(&response, token: csrf.token) }
                return response
            }
        }
        router.add(.POST, "/p/:token") { [unowned self] request in
            try allowAttempt(request)
            let form = try request.formFields()
            try requireAnonymousCSRF(request, form: form)
            return try pool.with { store in
                let csrf = anonymousCSRF(request)
                var context = pageContext(request, csrf: csrf.token, borrower: nil)
                guard var link = try usableLink(request, store: store), let borrower = try store.borrower(key: link.borrowerKey) else {
                    return .html(Pages.linkUnavailable(context), status: 404)
                }
                context.language = language(request, borrower: borrower)
                guard borrowerLimiter.allow("code:\(link.borrowerKey)", now: clock().secondsSinceEpoch) else {
                    throw HTTPError.tooManyRequests("too many attempts for this borrower", retryAfterSeconds: 3600)
                }
                if link.locked {
                    return .html(Pages.codeEntry(codeModel(link, borrower, request, store: store, error: .lockedOut), context), status: 429)
                }
                guard let codeHash = link.codeHash, let expires = link.codeExpiresAt, expires > clock() else {
                    return .html(Pages.codeEntry(codeModel(link, borrower, request, store: store, error: .expired), context), status: 400)
                }
                let given = (form["code"] ?? "").filter { !$0.isWhitespace }
                let matches = Sodium.constantTimeEqual(Array(OneTimeCodes.hash(given, link: link).utf8), Array(codeHash.utf8))
                guard matches else {
                    link.codeAttempts += 1
                    link.locked = link.codeAttempts >= configuration.maxCodeAttempts
                    try store.updateLinkChallenge(link)
                    let error: CodeError = link.locked ? .lockedOut : .wrongCode
                    return .html(Pages.codeEntry(codeModel(link, borrower, request, store: store, error: error), context), status: link.locked ? 429 : 400)
                }
                let entered: String? = try store.transaction {
                    guard try store.consumeLink(tokenHash: link.tokenHash, at: clock()) else { return nil }
                    let session = try startSession(.borrower(lenderID: link.lenderID, borrowerKey: link.borrowerKey),
                                                   lifetime: configuration.borrowerSessionSeconds, store: store)
                    try recordEngagement(link: link, borrower: borrower, store: store)
                    return session.token
                }
                guard let token = entered else { return .html(Pages.linkUnavailable(context), status: 404) }
                let loanID = try store.loans(borrowerKey: borrower.key).first { $0.key == link.loanKey }?.record.loanID
                var response = HTTPResponse.redirect(to: loanID.map { "/portal/loans/" + percentEncode($0) } ?? "/portal")
                response.setCookie(name: Self.borrowerCookie, value: token, maxAge: Int(configuration.borrowerSessionSeconds),
                                   httpOnly: true, secure: configuration.secureCookies, sameSite: .lax)
                return response
            }
        }
    }

    /// The link behind `/p/:token` when it exists, is unused and has not expired; nil tells nothing more.
    private func usableLink(_ request: HTTPRequest, store: SQLiteStore) throws -> BorrowerLink? {
        guard let token = request.pathParameters["token"], token.utf8.count == 43,
              let link = try store.link(tokenHash: Sodium.sha256Hex(token)),
              link.usedAt == nil, link.expiresAt > clock() else { return nil }
        return link
    }

    private func sendCodeIfNeeded(_ link: BorrowerLink, borrower: StoredBorrower, store: SQLiteStore) throws {
        let now = clock()
        if link.codeHash != nil, let expires = link.codeExpiresAt, expires > now { return }
        guard borrowerLimiter.allow("send:\(link.borrowerKey)", now: now.secondsSinceEpoch) else {
            throw HTTPError.tooManyRequests("too many codes requested; try again later", retryAfterSeconds: 3600)
        }
        let code = OneTimeCodes.generate()
        var updated = link
        updated.codeHash = OneTimeCodes.hash(code, link: link)
        updated.codeExpiresAt = now.adding(seconds: configuration.codeLifetimeSeconds)
        try store.transaction {
            try store.updateLinkChallenge(updated)
            try OneTimeCodes.send(code, link: updated, borrower: borrower, store: store, now: now)
        }
    }

    private func codeModel(_ link: BorrowerLink, _ borrower: StoredBorrower, _ request: HTTPRequest, store: SQLiteStore,
                           error: CodeError?) -> CodeEntryModel {
        let route = (try? OneTimeCodes.route(borrower, store: store)) ?? (.sms, borrower.phone)
        return CodeEntryModel(maskedDestination: OneTimeCodes.mask(route.destination), channel: route.channel, formAction: request.path,
                       error: error, attemptsLeft: max(0, configuration.maxCodeAttempts - link.codeAttempts))
    }

    /// The first entry moves a fresh case to `engaged`, with the borrower as actor.
    private func recordEngagement(link: BorrowerLink, borrower: StoredBorrower, store: SQLiteStore) throws {
        guard let open = try store.openCase(loanKey: link.loanKey), [.triggered, .contacted].contains(open.state.status) else { return }
        _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(
            kind: .engaged, at: clock(), actor: Actor(.borrower, borrower.borrowerID),
            data: ["summary": "The borrower opened their personal link and confirmed the one-time code."]))
    }

}

/// Percent-encodes a path segment (ids may hold any printable character).
func percentEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = String(byte, radix: 16, uppercase: true)
            out += "%" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    return out
}
