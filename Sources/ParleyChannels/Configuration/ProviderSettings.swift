/// The provider configured for one channel.
public enum ProviderSettings: Sendable, Equatable, CustomStringConvertible {
    /// Records instead of sending; the default for a channel left out.
    case log
    case whatsAppCloud(WhatsAppCloudSettings)
    case smsExotel(SMSGatewaySettings)
    case smtp(SMTPSettings)
    case fcm(FCMSettings)

    /// The `kind` as written in configuration and recorded with each send.
    public var kind: String {
        switch self {
        case .log: "log"
        case .whatsAppCloud: "whatsapp_cloud"
        case .smsExotel: "sms_exotel"
        case .smtp: "smtp"
        case .fcm: "fcm_v1"
        }
    }

    /// The provider's send limit; nil for `log`, which has none.
    public var ratePerSecond: Int? {
        switch self {
        case .log: nil
        case .whatsAppCloud(let settings): settings.ratePerSecond
        case .smsExotel(let settings): settings.ratePerSecond
        case .smtp(let settings): settings.ratePerSecond
        case .fcm(let settings): settings.ratePerSecond
        }
    }

    public var description: String {
        switch self {
        case .log: "log"
        case .whatsAppCloud(let settings): settings.description
        case .smsExotel(let settings): settings.description
        case .smtp(let settings): settings.description
        case .fcm(let settings): settings.description
        }
    }

    /// Which kinds may serve which channel.
    static func channel(forKind kind: String) -> String? {
        switch kind {
        case "whatsapp_cloud": "whatsapp"
        case "sms_exotel": "sms"
        case "smtp": "email"
        case "fcm_v1": "push"
        default: nil
        }
    }
}
