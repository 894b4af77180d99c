import ParleyChannels
import ParleyCore
import ParleyStore
import ParleyWeb

/// Finds the wording of a message (the lender's own template, else the built-in one), fills its variables and
/// builds what a provider needs: WhatsApp template name and parameters, the SMS's DLT registration, the email's
/// HTML part and one-click unsubscribe link. Templates are looked up once per run (one composer per run and thread).
final class OutreachComposer {
    let store: SQLiteStore
    /// India DLT principal entity id and sender header, from the SMS provider's configuration.
    let dltEntityID: String
    let senderHeader: String
    let baseURL: String
    private var templates: [String: MessageTemplate] = [:]

    init(store: SQLiteStore, dltEntityID: String, senderHeader: String, baseURL: String) {
        self.store = store
        self.dltEntityID = dltEntityID
        self.senderHeader = senderHeader
        self.baseURL = baseURL
    }

    /// The template for a key, channel and language: the lender's override, else the default (with the same fallback
    /// from `hi-IN` to `hi` and from unknown languages to English).
    func template(lenderID: String, key: String, channel: Channel, language: String) throws -> MessageTemplate {
        let cacheKey = lenderID + "|" + key + "|" + channel.rawValue + "|" + language
        if let known = templates[cacheKey] { return known }
        let found = try lookUp(lenderID: lenderID, key: key, channel: channel, language: language)
        templates[cacheKey] = found
        return found
    }

    private func lookUp(lenderID: String, key: String, channel: Channel, language: String) throws -> MessageTemplate {
        for code in [language, String(language.prefix(2))] {
            if let own = try store.template(lenderID: lenderID, key: key, channel: channel, language: code) {
                var template = MessageTemplate(key: key, channel: channel, language: code, subject: own.subject, text: own.text,
                                               whatsAppName: own.whatsAppName)
                if channel == .sms, let id = own.dltTemplateID, let text = own.dltText {
                    template.dlt = DLTRegistration(principalEntityID: dltEntityID, contentTemplateID: id, senderHeader: senderHeader,
                                                   registeredText: text)
                }
                return template
            }
        }
        guard let builtIn = DefaultTemplates.template(key, channel: channel, language: language, dltEntityID: dltEntityID,
                                                      senderHeader: senderHeader) else {
            throw TemplateError.unknownTemplate(key: key, channel: channel, language: language)
        }
        return builtIn
    }

    /// Renders a template with named values (the DLT check included).
    func render(lenderID: String, key: String, channel: Channel, language: String,
                values: [String: String]) throws -> (template: MessageTemplate, rendered: RenderedTemplate) {
        let template = try template(lenderID: lenderID, key: key, channel: channel, language: language)
        return (template, try TemplateRenderer.render(template, values))
    }

    /// What the provider gets for an outbox row. `sessionOpen` (the borrower wrote to us on WhatsApp in the last
    /// 24 hours) lets WhatsApp carry the text as a session message instead of the registered template.
    func outbound(for message: OutboxMessage, sessionOpen: Bool, unsubscribeToken: String?) throws -> OutboundMessage {
        guard let channel = Channel(rawValue: message.channel) else {
            throw AppError.invalidInput("outbox message \(message.id) has an unknown channel \(message.channel)")
        }
        var outbound = OutboundMessage(channel: channel, destination: message.destination, template: message.template,
                                       language: message.language, body: message.body, subject: message.subject,
                                       idempotencyKey: message.idempotencyKey)
        guard DefaultTemplates.keys.contains(message.template) || DefaultTemplates.transactionalKeys.contains(message.template) else {
            return outbound
        }
        let template = try template(lenderID: message.lenderID, key: message.template, channel: channel, language: message.language)
        outbound.variables = try template.variableNames.map { name in
            guard let value = message.variables[name] else { throw TemplateError.missingVariable(template: template.key, name: name) }
            return (name, value)
        }
        switch channel {
        case .whatsapp: outbound.whatsAppTemplate = sessionOpen ? nil : (template.whatsAppName ?? "parley_\(template.key)")
        case .sms: outbound.dlt = template.dlt
        case .email:
            outbound.html = Self.html(message.body)
            outbound.unsubscribeURL = unsubscribeToken.map { baseURL.trimmingSuffix("/") + "/unsubscribe/" + $0 }
        case .push: break
        }
        return outbound
    }

    /// A plain HTML part for an email body: escaped text with its links made clickable.
    static func html(_ text: String) -> String {
        let linked = HTML.escape(text).split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            word.hasPrefix("https://") || word.hasPrefix("http://") ? "<a href=\"\(word)\">\(word)</a>" : String(word)
        }.joined(separator: " ")
        return "<!doctype html><html><body><p>\(linked)</p></body></html>"
    }
}
