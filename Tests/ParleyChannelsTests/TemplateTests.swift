import Testing
import ParleyCore
@testable import ParleyChannels

@Suite("Templates")
struct TemplateTests {
    let values = ["name": "Asha", "lender": "Demo Bank", "amount": "₹8,884.88", "due_date": "2026-12-05",
                  "link": "https://parley.example/p/abc", "deadline": "2026-12-20"]

    @Test func everyDefaultRendersInEveryChannelAndLanguage() throws {
        for key in DefaultTemplates.keys {
            for channel in Channel.allCases {
                for language in ["en", "hi"] {
                    let template = try #require(DefaultTemplates.template(key, channel: channel, language: language))
                    let rendered = try TemplateRenderer.render(template, values)
                    #expect(!rendered.body.contains("{{"), "\(key) \(channel) \(language)")
                    #expect(rendered.body.contains("https://parley.example/p/abc"))
                    if language == "hi" { #expect(rendered.body.unicodeScalars.contains { (0x0900...0x097F).contains($0.value) }) }
                }
            }
        }
    }

    @Test func missingVariableIsAnError() throws {
        let template = try #require(DefaultTemplates.template("missed_emi", channel: .email, language: "en"))
        #expect(throws: TemplateError.missingVariable(template: "missed_emi", name: "name")) {
            try TemplateRenderer.render(template, [:])
        }
    }

    @Test func smsMustMatchItsDLTRegistration() throws {
        var template = try #require(DefaultTemplates.template("reminder", channel: .sms, language: "en"))
        #expect(template.dlt?.registeredText == "Dear {#var#}, {#var#} is overdue on your {#var#} loan. Resolve it online: {#var#}")
        let rendered = try TemplateRenderer.render(template, values)
        #expect(rendered.variables == ["Asha", "₹8,884.88", "Demo Bank", "https://parley.example/p/abc"])
        // A lender edits the text but not its registration: refused before sending.
        template.text = "Hi {{name}}, pay {{amount}} to {{lender}} now: {{link}}"
        #expect(throws: TemplateError.self) { try TemplateRenderer.render(template, values) }
        #expect(TemplateRenderer.matchesDLT("A x B", registered: "A {#var#} B", variables: ["x"]))
        #expect(!TemplateRenderer.matchesDLT("A x B!", registered: "A {#var#} B", variables: ["x"]))
    }

    @Test func languageFallsBack() throws {
        #expect(DefaultTemplates.template("invitation", channel: .push, language: "hi-IN")?.language == "hi")
        #expect(DefaultTemplates.template("invitation", channel: .push, language: "ta")?.language == "en")
        #expect(DefaultTemplates.template("nope", channel: .push, language: "en") == nil)
    }

    @Test func logProviderRecordsWithoutNetwork() {
        let provider = LogProvider(channel: .sms)
        let message = OutboundMessage(channel: .sms, destination: "+919876543210", template: "reminder", language: "en",
                                      body: "hello", idempotencyKey: "k1")
        #expect(provider.send(message) == .sent(providerMessageID: "log:" + message.idempotencyKey))
        #expect(provider.messages.map(\.idempotencyKey) == ["k1"])
    }
}
