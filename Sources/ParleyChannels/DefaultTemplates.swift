import ParleyCore

/// The built-in templates, English and Hindi, for every channel. Lenders override them per key, channel and language.
public enum DefaultTemplates {
    public static let keys = ["missed_emi", "reminder", "invitation", "offer_expiring", "agreement_confirmation",
                              "plan_instalment_due", "broken_plan", "escalation_notice"]

    /// (subject, text) by key and language.
    static let texts: [String: [String: (String, String)]] = [
        "missed_emi": [
            "en": ("Your EMI is unpaid", "Dear {{name}}, your {{lender}} EMI of {{amount}} due on {{due_date}} is unpaid. See your options: {{link}}"),
            "hi": ("आपकी EMI बकाया है", "प्रिय {{name}}, {{due_date}} को देय आपकी {{lender}} EMI {{amount}} का भुगतान नहीं हुआ है। अपने विकल्प देखें: {{link}}"),
        ],
        "reminder": [
            "en": ("A reminder about your loan", "Dear {{name}}, {{amount}} is overdue on your {{lender}} loan. Resolve it online: {{link}}"),
            "hi": ("आपके ऋण के बारे में अनुस्मारक", "प्रिय {{name}}, आपके {{lender}} ऋण पर {{amount}} बकाया है। इसे ऑनलाइन सुलझाएँ: {{link}}"),
        ],
        "invitation": [
            "en": ("Resolve your loan online", "Dear {{name}}, {{lender}} invites you to resolve your loan online, privately and at your pace: {{link}}"),
            "hi": ("अपना ऋण ऑनलाइन सुलझाएँ", "प्रिय {{name}}, {{lender}} आपको अपना ऋण ऑनलाइन, निजी रूप से और अपनी सुविधा से सुलझाने के लिए आमंत्रित करता है: {{link}}"),
        ],
        "offer_expiring": [
            "en": ("Your offer expires soon", "Dear {{name}}, your settlement offer from {{lender}} expires on {{deadline}}. Review it: {{link}}"),
            "hi": ("आपका प्रस्ताव जल्द समाप्त होगा", "प्रिय {{name}}, {{lender}} का आपका निपटान प्रस्ताव {{deadline}} को समाप्त होगा। इसे देखें: {{link}}"),
        ],
        "agreement_confirmation": [
            "en": ("Your agreement is confirmed", "Dear {{name}}, your agreement with {{lender}} is confirmed. Details: {{link}}"),
            "hi": ("आपका समझौता पक्का हुआ", "प्रिय {{name}}, {{lender}} के साथ आपका समझौता पक्का हो गया है। विवरण: {{link}}"),
        ],
        "plan_instalment_due": [
            "en": ("Your plan instalment is due", "Dear {{name}}, your plan instalment of {{amount}} is due on {{due_date}}. Pay: {{link}}"),
            "hi": ("आपकी योजना की किस्त देय है", "प्रिय {{name}}, आपकी योजना की {{amount}} की किस्त {{due_date}} को देय है। भुगतान करें: {{link}}"),
        ],
        "broken_plan": [
            "en": ("A plan instalment was missed", "Dear {{name}}, your plan instalment of {{amount}} was missed. Talk to us before the plan lapses: {{link}}"),
            "hi": ("योजना की किस्त छूट गई", "प्रिय {{name}}, आपकी योजना की {{amount}} की किस्त छूट गई है। योजना समाप्त होने से पहले हमसे बात करें: {{link}}"),
        ],
        "escalation_notice": [
            "en": ("Notice about your loan", "Dear {{name}}, without an agreement your {{lender}} loan may go to arbitration. You can still resolve it: {{link}}"),
            "hi": ("आपके ऋण के बारे में सूचना", "प्रिय {{name}}, समझौते के बिना आपका {{lender}} ऋण मध्यस्थता (आर्बिट्रेशन) में जा सकता है। आप अब भी इसे सुलझा सकते हैं: {{link}}"),
        ],
    ]

    /// The template for a key, channel and language (`hi-IN` falls back to `hi`, unknown languages to English).
    public static func template(_ key: String, channel: Channel, language: String, dltEntityID: String = "PARLEY-PE-ID",
                                senderHeader: String = "PRLYIN") -> MessageTemplate? {
        guard let byLanguage = texts[key] else { return nil }
        let code = byLanguage[language] != nil ? language : (byLanguage[String(language.prefix(2))] != nil ? String(language.prefix(2)) : "en")
        guard let (subject, text) = byLanguage[code] else { return nil }
        var template = MessageTemplate(key: key, channel: channel, language: code, subject: subject, text: text)
        switch channel {
        case .whatsapp: template.whatsAppName = "parley_\(key)"
        case .sms:
            template.dlt = DLTRegistration(principalEntityID: dltEntityID, contentTemplateID: "parley-\(key)-\(code)",
                                           senderHeader: senderHeader,
                                           registeredText: text.replacingPlaceholders(with: "{#var#}"))
        case .email, .push: break
        }
        return template
    }
}

extension String {
    /// `{{anything}}` → `replacement`.
    func replacingPlaceholders(with replacement: String) -> String {
        var out = "", rest = Substring(self)
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            out += rest[..<open.lowerBound] + replacement
            rest = rest[close.upperBound...]
        }
        return out + rest
    }
}
