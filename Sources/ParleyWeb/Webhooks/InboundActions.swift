import ParleyChannels
import ParleyCore
import ParleyCrypto
import ParleyStore

/// Acts on what borrowers send us: STOP (opt-out at once, confirmed once), HELP, PAY (a fresh personal link), a
/// language choice, or free text (an engagement recorded on the case). Each provider message is acted on once,
/// however often the provider delivers it. Replies go through the outbox like every other message.
struct InboundActions {
    let store: SQLiteStore
    let baseURL: String
    let linkLifetimeSeconds: Int64
    let now: Instant

    /// Handles one inbound message; returns the action taken (`stop`, `help`, `pay`, `language`, `message`,
    /// `duplicate` or `unknown_sender`).
    func handle(_ inbound: InboundMessage) throws -> String {
        let borrowers = try store.borrowers(phone: inbound.from)
        let keyword = InboundKeyword.parse(inbound.text) ?? inbound.payload.flatMap(InboundKeyword.parse)
        let action = borrowers.isEmpty ? "unknown_sender" : keyword.map(Self.name) ?? "message"
        let channel = inbound.channel.rawValue
        guard try store.recordInbound(channel: channel, providerMessageID: inbound.providerMessageID, sender: inbound.from,
                                      borrowerKey: borrowers.first?.key, text: inbound.text, at: inbound.at, action: action) else {
            return "duplicate"
        }
        for borrower in borrowers {
            // Writing to the business on WhatsApp is an opt-in there (Meta accepts opt-in given in the WhatsApp thread),
            // unless it is the STOP that ends it; after a STOP, only an operator or the borrower's explicit choice reopens it.
            if inbound.channel == .whatsapp, keyword != .stop, try !store.optedOutChannels(borrowerKey: borrower.key).contains(channel),
               try store.consent(borrowerKey: borrower.key, channel: channel, at: inbound.at, source: "inbound:whatsapp") {
                try note(borrower, rule: "inbound.opt_in", ["kind": "opt_in", "channel": "whatsapp",
                         "summary": "The borrower wrote to us on WhatsApp, which opts them in to WhatsApp messages."])
            }
            _ = try store.addContactEvent(borrowerKey: borrower.key, outboxID: try lastSentID(borrower, channel: channel),
                                          channel: channel, kind: "replied", at: inbound.at,
                                          sourceKey: "inbound:\(channel):\(inbound.providerMessageID):\(borrower.key)")
            switch keyword {
            case .stop?: try stop(borrower, inbound)
            case .help?: try reply(borrower, inbound, template: "reply_help", values: ["link": try link(borrower)])
            case .pay?:
                try engage(borrower, inbound, rule: "inbound.pay", summary: "The borrower asked to pay by replying PAY.")
                try reply(borrower, inbound, template: "reply_pay", values: ["link": try link(borrower)])
            case .language(let code)?:
                if try store.setPreferredLanguage(borrowerKey: borrower.key, language: code) {
                    try note(borrower, rule: "inbound.language", ["language": .string(code), "channel": .string(channel),
                             "summary": .string("The borrower chose \(code == "hi" ? "Hindi" : "English") for messages.")])
                }
                try reply(borrower, inbound, template: "reply_language", values: [:], language: code)
            case nil:
                try engage(borrower, inbound, rule: "inbound.message", summary: "The borrower replied on \(channel).")
            }
        }
        return action
    }

    private static func name(_ keyword: InboundKeyword) -> String {
        switch keyword {
        case .stop: return "stop"
        case .help: return "help"
        case .pay: return "pay"
        case .language: return "language"
        }
    }

    /// Opts the borrower out of the channel at once; the confirmation goes once, past the gate.
    private func stop(_ borrower: StoredBorrower, _ inbound: InboundMessage) throws {
        let channel = inbound.channel.rawValue
        guard try store.optOut(borrowerKey: borrower.key, channel: channel, at: inbound.at, source: "inbound:\(channel)") else { return }
        try note(borrower, rule: "inbound.stop", ["kind": "opt_out", "channel": .string(channel),
                 "summary": .string("The borrower replied STOP on \(channel); no further messages on it.")])
        try reply(borrower, inbound, template: OutboxMessage.optOutConfirmationTemplate,
                  values: ["channel": Self.channelName(inbound.channel, language: borrower.language)],
                  idempotencyKey: "optout-confirmation:\(borrower.key):\(channel):\(inbound.at.secondsSinceEpoch)")
    }

    /// Enqueues a reply from its registered template, in the borrower's language (or the one just chosen).
    private func reply(_ borrower: StoredBorrower, _ inbound: InboundMessage, template key: String, values: [String: String],
                       language: String? = nil, idempotencyKey: String? = nil) throws {
        let language = language ?? borrower.language
        guard let template = DefaultTemplates.template(key, channel: inbound.channel, language: language) else {
            throw TemplateError.unknownTemplate(key: key, channel: inbound.channel, language: language)
        }
        let rendered = try TemplateRenderer.render(template, values)
        var message = OutboxMessage(lenderID: borrower.lenderID, borrowerKey: borrower.key, loanKey: nil,
                                    caseKey: try openCases(borrower).first?.key, channel: inbound.channel.rawValue,
                                    template: key, language: template.language, destination: inbound.from,
                                    body: rendered.body, status: .planned, plannedAt: now,
                                    idempotencyKey: idempotencyKey ?? "reply:\(inbound.channel.rawValue):\(inbound.providerMessageID):\(borrower.key)")
        message.purpose = .transactional
        message.subject = rendered.subject
        message.variables = values
        _ = try store.enqueue(message)
    }

    /// The channel's name in the reply's language.
    static func channelName(_ channel: Channel, language: String) -> String {
        guard language.hasPrefix("hi") else { return channel.displayName }
        switch channel {
        case .whatsapp: return "WhatsApp"
        case .sms: return "SMS"
        case .email: return "ईमेल"
        case .push: return "ऐप सूचना"
        }
    }

    private func engage(_ borrower: StoredBorrower, _ inbound: InboundMessage, rule: String, summary: String) throws {
        for open in try openCases(borrower) {
            do {
                _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(
                    kind: .engaged, at: now, actor: Actor(.borrower, borrower.borrowerID), rule: rule,
                    inputs: ["channel": .string(inbound.channel.rawValue), "provider_message_id": .string(inbound.providerMessageID)],
                    data: ["summary": .string(summary), "text": .string(String(inbound.text.prefix(500)))]))
            } catch StoreError.transition {
                try note(borrower, rule: rule, ["summary": .string(summary), "text": .string(String(inbound.text.prefix(500)))])
            }
        }
    }

    private func note(_ borrower: StoredBorrower, rule: String, _ data: JSONValue) throws {
        for open in try openCases(borrower) {
            _ = try store.appendEvent(caseKey: open.key, event: NewCaseEvent(kind: .noted, at: now, actor: Actor(.borrower, borrower.borrowerID),
                                                                             rule: rule, data: data))
        }
    }

    private func openCases(_ borrower: StoredBorrower) throws -> [CaseSummary] {
        try store.loans(borrowerKey: borrower.key).flatMap { loan -> [CaseSummary] in
            var query = CaseQuery(lenderID: borrower.lenderID)
            query.openOnly = true
            query.loanID = loan.record.loanID
            return try store.cases(query)
        }
    }

    /// A fresh personal link for the borrower's first loan with an open case (else their first loan).
    private func link(_ borrower: StoredBorrower) throws -> String {
        let loans = try store.loans(borrowerKey: borrower.key)
        let withCase = try openCases(borrower).first.map(\.loanID)
        guard let loanID = withCase ?? loans.first?.record.loanID else { return baseURL }
        return try BorrowerLinks.issue(store: store, lenderID: borrower.lenderID, loanID: loanID, baseURL: baseURL, now: now,
                                       lifetimeSeconds: linkLifetimeSeconds)
    }

    private func lastSentID(_ borrower: StoredBorrower, channel: String) throws -> Int64? {
        try store.lastSentOutboxID(borrowerKey: borrower.key, channel: channel)
    }
}
