import Foundation
import ParleyChannels
import ParleyCore
import ParleyStore

/// `parley dispatch`, `template preview|set`, `push register`: the operator's side of outreach.
struct OutreachCommands {
    let console: any Console
    let environment: [String: String]
    let location: DatabaseLocation

    func run(_ command: ParsedCommand) throws {
        let lenderID = command.option("lender") ?? "default"
        switch command.path {
        case ["dispatch"]:
            let store = try location.open(create: false)
            let now: Instant
            if let text = command.option("now") {
                guard let instant = Instant(iso: text) else { throw CommandUsageError("--now \"\(text)\" is not an instant like 2026-12-01T10:30:00Z") }
                now = instant
            } else {
                now = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
            }
            var options = Dispatcher.Options(lenderID: command.option("lender"))
            if let concurrency = try command.int("concurrency") {
                guard (1...256).contains(concurrency) else { throw CommandUsageError("--concurrency must be 1 to 256") }
                options.concurrency = concurrency
            }
            if let wait = try command.int("max-wait") { options.maxWaitSeconds = Double(max(0, wait)) }
            let set = try OutreachConfiguration.providerSet(command, environment)
            if case .smtp = set.configuration[.email], !baseURL(command).hasPrefix("https://") {
                throw CommandUsageError("email by SMTP needs an https --base-url (or PARLEY_BASE_URL): every email carries a one-click "
                                        + "unsubscribe link (RFC 8058), which must be https")
            }
            let dispatcher = Dispatcher(store: store, providers: OutreachProviders(set), baseURL: baseURL(command), now: now,
                                        options: options)
            let summary = try dispatcher.run()
            console.out(command.flag("json") ? summary.json.canonical : summary.text)
        case ["template", "preview"]:
            try preview(command, lenderID: lenderID)
        case ["template", "set"]:
            let store = try location.open(create: false)
            let channel = try self.channel(command)
            let key = try command.requiredOption("key")
            guard DefaultTemplates.keys.contains(key) else {
                throw CommandUsageError("unknown template \"\(key)\" (\(DefaultTemplates.keys.joined(separator: ", ")))")
            }
            let path = try command.requiredOption("file")
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw AppError.invalidInput("cannot read \(path) as UTF-8 text")
            }
            let template = StoredTemplate(lenderID: lenderID, key: key, channel: channel, language: try command.requiredOption("language"),
                                          subject: command.option("subject"), text: text.trimmingCharacters(in: .newlines),
                                          whatsAppName: command.option("whatsapp-name"), dltTemplateID: command.option("dlt-template-id"),
                                          dltText: command.option("dlt-text"))
            if channel == .sms, template.dltTemplateID == nil || template.dltText == nil {
                throw CommandUsageError("an SMS template needs --dlt-template-id and --dlt-text (its registered DLT text)")
            }
            try store.saveTemplate(template)
            console.out("Template \(key) for \(channel.rawValue) in \(template.language) saved for \(lenderID).")
        case ["push", "register"]:
            let store = try location.open(create: false)
            let borrowerID = try command.requiredOption("borrower")
            guard let borrower = try store.borrower(lenderID: lenderID, borrowerID: borrowerID) else {
                throw AppError.notFound("no borrower \"\(borrowerID)\" for lender \(lenderID)")
            }
            try store.registerPushToken(try command.requiredOption("token"), borrowerKey: borrower.key,
                                        at: Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)))
            console.out("Push token registered for \(borrowerID).")
        default: break
        }
    }

    /// Renders one template for a case as the planner would, without sending or storing anything but a link.
    private func preview(_ command: ParsedCommand, lenderID: String) throws {
        let store = try location.open(create: false)
        let caseID = try command.requiredOption("case")
        guard let found = try store.caseSummary(lenderID: lenderID, id: caseID),
              let loan = try store.loan(lenderID: lenderID, loanID: found.loanID),
              let borrower = try store.borrower(lenderID: lenderID, borrowerID: loan.record.borrowerID),
              let lender = try store.lender(id: lenderID) else {
            throw AppError.notFound("no case \"\(caseID)\" for lender \(lenderID)")
        }
        let key = try command.requiredOption("template")
        guard DefaultTemplates.keys.contains(key) else {
            throw CommandUsageError("unknown template \"\(key)\" (\(DefaultTemplates.keys.joined(separator: ", ")))")
        }
        let channel = try self.channel(command)
        let language = command.option("language") ?? borrower.language
        let asOf = try command.option("as-of").map { text throws -> CivilDate in
            guard let day = CivilDate(iso: text) else { throw CommandUsageError("--as-of must be a date YYYY-MM-DD") }
            return day
        } ?? Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)).utcDate
        let providers = try OutreachConfiguration.providers(command, environment)
        let planning = OutreachPlanning(store: store, lenderID: lenderID, baseURL: baseURL(command), providers: providers)
        let values = try planning.previewVariables(lender: lender, borrower: borrower, loan: loan, asOf: asOf)
        let (template, rendered) = try planning.composer.render(lenderID: lenderID, key: key, channel: channel, language: language, values: values)
        if command.flag("json") {
            var object: [String: JSONValue] = [
                "case_id": .string(found.id), "template": .string(key), "channel": .string(channel.rawValue),
                "language": .string(template.language), "body": .string(rendered.body),
                "subject": rendered.subject.map { .string($0) } ?? .null,
                "variables": .object(values.mapValues { .string($0) }),
            ]
            if let name = template.whatsAppName { object["whatsapp_template"] = .string(name) }
            if let dlt = template.dlt {
                object["dlt"] = ["content_template_id": .string(dlt.contentTemplateID), "principal_entity_id": .string(dlt.principalEntityID),
                                 "sender": .string(dlt.senderHeader), "registered_text": .string(dlt.registeredText)]
            }
            console.out(JSONValue.object(object).canonical)
        } else {
            if let subject = rendered.subject, channel == .email || channel == .push { console.out("Subject: \(subject)") }
            console.out(rendered.body)
        }
    }

    private func channel(_ command: ParsedCommand) throws -> Channel {
        let text = try command.requiredOption("channel")
        guard let channel = Channel(rawValue: text) else { throw CommandUsageError("unknown channel \"\(text)\" (whatsapp, sms, email or push)") }
        return channel
    }

    private func baseURL(_ command: ParsedCommand) -> String {
        command.option("base-url") ?? environment["PARLEY_BASE_URL"] ?? "http://127.0.0.1:8080"
    }
}
