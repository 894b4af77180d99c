import ParleyCore

/// The words of Parley's automatic replies to inbound keywords, in English and Hindi.
enum InboundReplies {
    static func stopConfirmation(_ language: String, channel: Channel) -> String {
        language.hasPrefix("hi")
            ? "आपको अब \(hindiName(channel)) पर हमारे संदेश नहीं मिलेंगे। यह पुष्टि का अंतिम संदेश है।"
            : "You will get no more messages from us on \(channel.displayName). This is the last message confirming it."
    }

    static func help(_ language: String, link: String) -> String {
        language.hasPrefix("hi")
            ? "Parley सहायता: भुगतान लिंक के लिए PAY, संदेश बंद करने के लिए STOP, भाषा बदलने के लिए ENGLISH लिखें। अपना खाता देखें: \(link)"
            : "Parley help: reply PAY for a payment link, STOP to stop messages, HINDI to switch language. See your account: \(link)"
    }

    static func pay(_ language: String, link: String) -> String {
        language.hasPrefix("hi")
            ? "अपनी बकाया राशि देखने और भुगतान या योजना चुनने के लिए यह निजी लिंक खोलें: \(link)"
            : "Open your personal link to see what you owe and pay or choose a plan: \(link)"
    }

    static func languageChanged(_ code: String) -> String {
        code == "hi" ? "ठीक है, अब से हम आपको हिंदी में लिखेंगे।" : "Done: we will write to you in English from now on."
    }

    private static func hindiName(_ channel: Channel) -> String {
        switch channel {
        case .whatsapp: return "WhatsApp"
        case .sms: return "SMS"
        case .email: return "ईमेल"
        case .push: return "ऐप सूचना"
        }
    }
}
