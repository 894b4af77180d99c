import ParleyCore
import ParleyHTTP
import ParleyStore

/// `POST /api/v1/borrowers/{borrower_id}/contact`: what a lender's systems know about reaching a borrower —
/// an app's FCM registration token, opt-ins (WhatsApp needs one) and opt-outs given elsewhere. Each change is
/// recorded on the borrower's open cases, as the CLI and inbound messages do.
extension WebApp {
    /// The handler of `POST /api/v1/borrowers/{borrower_id}/contact`.
    func contactPreferences(_ request: HTTPRequest, store: SQLiteStore, principal: Principal) throws -> HTTPResponse {
        let lenderID = try writeScope(principal, request, store: store)
        guard case .object(let members) = try jsonObject(request, fields: ["push_token", "opt_in", "opt_out"]) else {
            throw HTTPError.badRequest("expected an object")
        }
        var token: String?
        if let value = members["push_token"] {
            guard let text = value.stringValue, (1...4096).contains(text.utf8.count), !text.contains(where: \.isWhitespace) else {
                throw HTTPError.unprocessable("push_token: an FCM registration token (1 to 4096 characters, no spaces)")
            }
            token = text
        }
        let optIn = try Self.channels(members["opt_in"], field: "opt_in"), optOut = try Self.channels(members["opt_out"], field: "opt_out")
        if let both = optIn.intersection(optOut).sorted().first {
            throw HTTPError.unprocessable("opt_in and opt_out both name \(both.rawValue)")
        }
        guard let borrower = try store.borrower(lenderID: lenderID, borrowerID: request.pathParameters["borrower_id"] ?? "") else {
            throw HTTPError.notFound("no such borrower")
        }
        let now = clock()
        let actor: Actor = switch principal {
        case .lenderSystem(_, let prefix): Actor(.lenderSystem, prefix)
        case .staff(let user, _): Actor(.staff, user.email)
        case .borrower: Actor(.borrower, borrower.borrowerID)
        }
        var changes: [String] = []
        try store.transaction {
            if let token {
                try store.registerPushToken(token, borrowerKey: borrower.key, at: now)
                changes.append("push_token")
            }
            for channel in optIn.sorted() where try store.consent(borrowerKey: borrower.key, channel: channel.rawValue, at: now,
                                                                  source: "api:\(actor.id)") {
                changes.append("opt_in:" + channel.rawValue)
            }
            for channel in optOut.sorted() where try store.optOut(borrowerKey: borrower.key, channel: channel.rawValue, at: now,
                                                                 source: "api:\(actor.id)") {
                changes.append("opt_out:" + channel.rawValue)
            }
            let recorded = changes.filter { $0 != "push_token" }
            guard !recorded.isEmpty else { return }
            for loan in try store.loans(borrowerKey: borrower.key) {
                guard let open = try store.openCase(loanKey: loan.key) else { continue }
                _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(
                    kind: .noted, at: now, actor: actor, rule: "contact.preferences",
                    data: ["kind": "contact_preferences", "changes": .array(recorded.map { .string($0) }),
                           "summary": .string("Contact preferences changed by the lender's systems: \(recorded.joined(separator: ", ")).")]))
            }
        }
        return .json(([
            "borrower_id": .string(borrower.borrowerID), "changes": .array(changes.map { .string($0) }),
            "opted_in": .array(try store.consentedChannels(borrowerKey: borrower.key).sorted().map { .string($0) }),
            "opted_out": .array(try store.optedOutChannels(borrowerKey: borrower.key).sorted().map { .string($0) }),
            "push_tokens": .int(Int64(try store.pushTokens(borrowerKey: borrower.key).count)),
        ] as JSONValue).canonical)
    }

    private static func channels(_ value: JSONValue?, field: String) throws -> Set<Channel> {
        guard let value else { return [] }
        guard case .array(let items) = value, items.count <= 4 else {
            throw HTTPError.unprocessable("\(field): an array of at most 4 channels, each one of whatsapp, sms, email, push")
        }
        var channels: Set<Channel> = []
        for item in items {
            guard let text = item.stringValue, let channel = Channel(rawValue: text) else {
                throw HTTPError.unprocessable("\(field): each item is one of whatsapp, sms, email, push")
            }
            channels.insert(channel)
        }
        return channels
    }
}
