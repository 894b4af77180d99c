import ParleyCore

/// One provider per channel, parsed from JSON such as
/// `{"whatsapp":{"kind":"whatsapp_cloud",…},"sms":{"kind":"sms_exotel",…},"email":{"kind":"smtp",…},"push":{"kind":"log"}}`.
///
/// A channel left out uses `log`. String values written `"env:NAME"` come from the environment. Unknown channels,
/// kinds and fields, and missing required fields, are errors naming the channel and field. The `description`
/// redacts every secret.
public struct ProviderConfiguration: Sendable, Equatable, CustomStringConvertible {
    private var byChannel: [Channel: ProviderSettings]

    public init(_ settings: [Channel: ProviderSettings] = [:]) { byChannel = settings }

    /// Parses the document; `environment` resolves `env:` values (the process environment in production).
    public static func parse(_ text: String, environment: [String: String]) throws(ProviderConfigurationError) -> ProviderConfiguration {
        let document: JSONValue
        do { document = try JSONParser.parse(text) } catch { throw .invalidJSON(error.description) }
        guard let channels = document.objectValue else { throw .notAnObject(channel: nil) }
        var configuration = ProviderConfiguration()
        for name in channels.keys.sorted() {
            guard let channel = Channel(rawValue: name) else { throw .unknownChannel(name) }
            guard let object = channels[name]?.objectValue else { throw .notAnObject(channel: name) }
            configuration.byChannel[channel] = try settings(channel: name, object: object, environment: environment)
        }
        return configuration
    }

    private static func settings(channel: String, object: [String: JSONValue],
                                 environment: [String: String]) throws(ProviderConfigurationError) -> ProviderSettings {
        guard let kindValue = object["kind"] else { throw .missingField(channel: channel, field: "kind") }
        guard let kind = kindValue.stringValue else { throw .invalidField(channel: channel, field: "kind", reason: "must be a string") }
        if kind != "log" {
            guard let home = ProviderSettings.channel(forKind: kind) else { throw .unknownKind(channel: channel, kind: kind) }
            guard home == channel else { throw .kindNotForChannel(channel: channel, kind: kind) }
        }
        var reader = SettingsReader(channel: channel, object: object, environment: environment)
        let settings: ProviderSettings
        switch kind {
        case "whatsapp_cloud": settings = .whatsAppCloud(try WhatsAppCloudSettings(reading: &reader))
        case "sms_exotel": settings = .smsExotel(try SMSGatewaySettings(reading: &reader))
        case "smtp": settings = .smtp(try SMTPSettings(reading: &reader))
        case "fcm_v1": settings = .fcm(try FCMSettings(reading: &reader))
        default: settings = .log
        }
        try reader.finish()
        return settings
    }

    /// The provider for `channel` (`log` when none was configured).
    public subscript(channel: Channel) -> ProviderSettings { byChannel[channel] ?? .log }

    public var description: String {
        Channel.allCases.map { "\($0.rawValue): \(self[$0])" }.joined(separator: "\n")
    }
}
