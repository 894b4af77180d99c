/// Why a provider configuration was refused; always names the channel and the field.
public enum ProviderConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidJSON(String)
    case notAnObject(channel: String?)
    case unknownChannel(String)
    case unknownKind(channel: String, kind: String)
    /// A known kind on the wrong channel, e.g. `smtp` for `sms`.
    case kindNotForChannel(channel: String, kind: String)
    case unknownField(channel: String, field: String)
    case missingField(channel: String, field: String)
    case invalidField(channel: String, field: String, reason: String)
    /// `"env:NAME"` and the environment has no `NAME`.
    case missingEnvironmentVariable(channel: String, field: String, variable: String)

    public var description: String {
        switch self {
        case .invalidJSON(let reason): "provider configuration is not valid JSON: \(reason)"
        case .notAnObject(let channel):
            channel.map { "providers.\($0) must be a JSON object" } ?? "the provider configuration must be a JSON object"
        case .unknownChannel(let name): "providers.\(name): unknown channel (expected whatsapp, sms, email or push)"
        case .unknownKind(let channel, let kind): "providers.\(channel).kind: unknown provider kind \"\(kind)\""
        case .kindNotForChannel(let channel, let kind): "providers.\(channel).kind: \"\(kind)\" cannot serve the \(channel) channel"
        case .unknownField(let channel, let field): "providers.\(channel).\(field): unknown field"
        case .missingField(let channel, let field): "providers.\(channel).\(field): required field missing"
        case .invalidField(let channel, let field, let reason): "providers.\(channel).\(field): \(reason)"
        case .missingEnvironmentVariable(let channel, let field, let variable):
            "providers.\(channel).\(field): environment variable \(variable) is not set"
        }
    }
}
