import ParleyCore

/// A message template for one channel and language, with named variables written `{{name}}`.
public struct MessageTemplate: Sendable, Hashable {
    public var key: String
    public var channel: Channel
    public var language: String
    public var subject: String?
    public var text: String
    public var whatsAppName: String?
    /// For SMS in India: the DLT registration whose text the rendered body must equal.
    public var dlt: DLTRegistration?

    public init(key: String, channel: Channel, language: String, subject: String? = nil, text: String,
                whatsAppName: String? = nil, dlt: DLTRegistration? = nil) {
        self.key = key; self.channel = channel; self.language = language; self.subject = subject
        self.text = text; self.whatsAppName = whatsAppName; self.dlt = dlt
    }

    /// The variable names in the order they appear in the text.
    public var variableNames: [String] { TemplateText.placeholders(text).names }
}

/// Why a template could not be rendered or checked.
public enum TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingVariable(template: String, name: String)
    case dltMismatch(template: String, expected: String)
    case unknownTemplate(key: String, channel: Channel, language: String)

    public var description: String {
        switch self {
        case .missingVariable(let template, let name): return "template \(template) needs the variable \(name)"
        case .dltMismatch(let template, let expected):
            return "template \(template): the rendered SMS does not match its DLT registration \"\(expected)\""
        case .unknownTemplate(let key, let channel, let language): return "no template \(key) for \(channel.rawValue) in \(language)"
        }
    }
}

/// A rendered message body with the variables in template order.
public struct RenderedTemplate: Sendable, Hashable {
    public var body: String
    public var subject: String?
    public var variables: [String]
}

public enum TemplateRenderer {
    public static func render(_ template: MessageTemplate, _ values: [String: String]) throws(TemplateError) -> RenderedTemplate {
        var ordered: [String] = []
        for name in template.variableNames {
            guard let value = values[name] else { throw .missingVariable(template: template.key, name: name) }
            ordered.append(value)
        }
        func fill(_ text: String) throws(TemplateError) -> String {
            let (literals, names) = TemplateText.placeholders(text)
            var out = literals[0]
            for (index, name) in names.enumerated() {
                guard let value = values[name] else { throw .missingVariable(template: template.key, name: name) }
                out += value
                out += literals[index + 1]
            }
            return out
        }
        let rendered = RenderedTemplate(body: try fill(template.text), subject: try template.subject.map { s throws(TemplateError) in try fill(s) },
                                        variables: ordered)
        if let dlt = template.dlt {
            guard matchesDLT(rendered.body, registered: dlt.registeredText, variables: ordered) else {
                throw .dltMismatch(template: template.key, expected: dlt.registeredText)
            }
        }
        return rendered
    }

    /// True when `body` is exactly the registered text with each `{#var#}` replaced, in order, by the variables.
    public static func matchesDLT(_ body: String, registered: String, variables: [String]) -> Bool {
        let pieces = TemplateText.split(registered, on: "{#var#}")
        guard pieces.count == variables.count + 1 else { return false }
        var expected = pieces[0]
        for (index, value) in variables.enumerated() { expected += value + pieces[index + 1] }
        return expected == body
    }
}

