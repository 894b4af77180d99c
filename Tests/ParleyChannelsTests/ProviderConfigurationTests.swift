import ParleyCore
import Testing
@testable import ParleyChannels

@Suite("Provider configuration")
struct ProviderConfigurationTests {
    static let document = """
        {"whatsapp":{"kind":"whatsapp_cloud","base_url":"https://graph.facebook.com/","version":"v21.0","phone_number_id":"106540352242922",
                     "access_token":"env:WA_TOKEN","app_secret":"env:WA_APP_SECRET","verify_token":"verify-me-123","rate_per_second":80},
         "sms":{"kind":"sms_exotel","base_url":"https://api.exotel.com","account_sid":"parleyexotel1","api_key":"exo-key-abc",
                "api_token":"env:EXOTEL_TOKEN","sender":"PRLYIN","entity_id":"1101456780000012345",
                "status_callback":"https://parley.example/webhooks/sms/status","webhook_secret":"sms-hook-secret","rate_per_second":20},
         "email":{"kind":"smtp","url":"smtp://127.0.0.1:2525","starttls":"optional","username":"mailer","password":"env:SMTP_PASSWORD",
                  "ca_file":"/etc/parley/ca.pem","from":"Parley <noreply@parley.example>","rate_per_second":50},
         "push":{"kind":"fcm_v1","base_url":"https://fcm.googleapis.com","project_id":"parley-demo","access_token":"env:FCM_TOKEN",
                 "rate_per_second":500,"timeout_seconds":4}}
        """
    static let environment = ["WA_TOKEN": "EAAG-wa-token-value", "WA_APP_SECRET": "wa-app-secret-value",
                              "EXOTEL_TOKEN": "exotel-token-value", "SMTP_PASSWORD": "smtp-password-value", "FCM_TOKEN": "ya29.fcm-token-value"]
    static let secretValues = ["EAAG-wa-token-value", "wa-app-secret-value", "verify-me-123", "exo-key-abc", "exotel-token-value",
                               "sms-hook-secret", "smtp-password-value", "mailer", "ya29.fcm-token-value"]

    @Test func parsesEveryKindWithEnvironmentValues() throws {
        let configuration = try ProviderConfiguration.parse(Self.document, environment: Self.environment)
        #expect(configuration[.whatsapp] == .whatsAppCloud(WhatsAppCloudSettings(
            baseURL: "https://graph.facebook.com", version: "v21.0", phoneNumberID: "106540352242922",
            accessToken: Secret("EAAG-wa-token-value"), appSecret: Secret("wa-app-secret-value"), verifyToken: Secret("verify-me-123"),
            ratePerSecond: 80, timeoutSeconds: 10)))
        #expect(configuration[.sms] == .smsExotel(SMSGatewaySettings(
            baseURL: "https://api.exotel.com", accountSID: "parleyexotel1", apiKey: Secret("exo-key-abc"), apiToken: Secret("exotel-token-value"),
            sender: "PRLYIN", entityID: "1101456780000012345", statusCallback: "https://parley.example/webhooks/sms/status",
            webhookSecret: Secret("sms-hook-secret"), requireDLT: true, ratePerSecond: 20, timeoutSeconds: 10)))
        #expect(configuration[.email] == .smtp(SMTPSettings(
            url: "smtp://127.0.0.1:2525", startTLS: .optional, username: "mailer", password: Secret("smtp-password-value"),
            caFile: "/etc/parley/ca.pem", from: try EmailAddress(parsing: "Parley <noreply@parley.example>"), ratePerSecond: 50,
            timeoutSeconds: 30)))
        #expect(configuration[.push] == .fcm(FCMSettings(baseURL: "https://fcm.googleapis.com", projectID: "parley-demo",
                                                         accessToken: Secret("ya29.fcm-token-value"), ratePerSecond: 500, timeoutSeconds: 4)))
    }

    @Test func theSetBuildsOneProviderPerChannelWithItsRateAndWebhookSecrets() throws {
        let set = try ProviderSet(json: Self.document, environment: Self.environment)
        #expect(Channel.allCases.map { set.provider(for: $0).kind } == ["whatsapp_cloud", "sms_exotel", "smtp", "fcm_v1"])
        #expect(Channel.allCases.map { set.provider(for: $0).channel } == Channel.allCases)
        #expect(Channel.allCases.map { set.ratePerSecond(for: $0) } == [80, 20, 50, 500])
        #expect(set.webhookSecrets == WebhookSecrets(whatsAppAppSecret: Secret("wa-app-secret-value"),
                                                     whatsAppVerifyToken: Secret("verify-me-123"),
                                                     smsWebhookSecret: Secret("sms-hook-secret")))
    }

    @Test func channelsLeftOutUseTheLogProvider() throws {
        let set = try ProviderSet(json: #"{"sms":{"kind":"log"}}"#, environment: [:])
        #expect(Channel.allCases.map { set.provider(for: $0).kind } == ["log", "log", "log", "log"])
        #expect(Channel.allCases.map { set.ratePerSecond(for: $0) } == [nil, nil, nil, nil])
        #expect(set.webhookSecrets == WebhookSecrets())
        let outcome = set.provider(for: .sms).send(Fixtures.sms())
        #expect(outcome == .sent(providerMessageID: "log:" + Fixtures.sms().idempotencyKey))
    }

    @Test func theSetSendsThroughTheConfiguredEndpoint() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: #"{"name":"projects/parley-demo/messages/42"}"#)
        let json = #"{"push":{"kind":"fcm_v1","base_url":"\#(standIn.baseURL)","project_id":"parley-demo","access_token":"env:FCM_TOKEN"}}"#
        let set = try ProviderSet(json: json, environment: Self.environment)
        #expect(set.provider(for: .push).send(Fixtures.push()) == .sent(providerMessageID: "projects/parley-demo/messages/42"))
        #expect(standIn.requests.first?.headers["Authorization"] == "Bearer ya29.fcm-token-value")
        #expect(set.ratePerSecond(for: .push) == 500)
    }

    @Test func descriptionsRedactEverySecret() throws {
        let configuration = try ProviderConfiguration.parse(Self.document, environment: Self.environment)
        let texts = [configuration.description, String(describing: configuration), String(reflecting: configuration),
                     "\(ProviderSet(configuration: configuration).webhookSecrets)"]
        for text in texts {
            for secret in Self.secretValues { #expect(!text.contains(secret), "\(secret) leaked") }
        }
        #expect(configuration.description.contains("access_token=<redacted>"))
        #expect(configuration.description.contains("whatsapp: whatsapp_cloud https://graph.facebook.com/v21.0/106540352242922/messages"))
    }

    static let invalid: [(json: String, error: ProviderConfigurationError)] = [
        (#"{"sms":{"kind":"sms_gupshup"}}"#, .unknownKind(channel: "sms", kind: "sms_gupshup")),
        (#"{"sms":{"kind":"smtp"}}"#, .kindNotForChannel(channel: "sms", kind: "smtp")),
        (#"{"fax":{"kind":"log"}}"#, .unknownChannel("fax")),
        (#"{"push":{}}"#, .missingField(channel: "push", field: "kind")),
        (#"{"push":"fcm"}"#, .notAnObject(channel: "push")),
        (#"[]"#, .notAnObject(channel: nil)),
        (#"{"push":{"kind":"log","rate":5}}"#, .unknownField(channel: "push", field: "rate")),
        (#"{"push":{"kind":"fcm_v1","base_url":"https://fcm.googleapis.com","project_id":"p","access_token":"t","priority":"high"}}"#,
         .unknownField(channel: "push", field: "priority")),
        (#"{"push":{"kind":"fcm_v1","base_url":"https://fcm.googleapis.com","access_token":"t"}}"#,
         .missingField(channel: "push", field: "project_id")),
        (#"{"push":{"kind":"fcm_v1","base_url":"https://fcm.googleapis.com","project_id":"p","access_token":"env:NOPE"}}"#,
         .missingEnvironmentVariable(channel: "push", field: "access_token", variable: "NOPE")),
        (#"{"push":{"kind":"fcm_v1","base_url":"ftp://x","project_id":"p","access_token":"t"}}"#,
         .invalidField(channel: "push", field: "base_url", reason: "must be an http:// or https:// URL without a query")),
        (#"{"push":{"kind":"fcm_v1","base_url":"https://x.example","project_id":"p/../q","access_token":"t"}}"#,
         .invalidField(channel: "push", field: "project_id", reason: "must not contain spaces, /, ?, # or %")),
        (#"{"push":{"kind":"fcm_v1","base_url":"https://x.example","project_id":"p","access_token":"t","timeout_seconds":0}}"#,
         .invalidField(channel: "push", field: "timeout_seconds", reason: "must be an integer from 1 to 300")),
        (#"{"email":{"kind":"smtp","url":"smtp://h:25","from":"a@b.example","starttls":"maybe"}}"#,
         .invalidField(channel: "email", field: "starttls", reason: "must be required, optional or off")),
        (#"{"email":{"kind":"smtp","url":"smtp://h:25","from":"a@b.example","username":"u"}}"#,
         .invalidField(channel: "email", field: "password", reason: "username and password go together")),
        (#"{"email":{"kind":"smtp","url":"smtp://u:p@h:25","from":"a@b.example"}}"#,
         .invalidField(channel: "email", field: "url", reason: "credentials go in username and password, not the URL")),
        (#"{"email":{"kind":"smtp","url":"http://h","from":"a@b.example"}}"#,
         .invalidField(channel: "email", field: "url", reason: "must be an smtp:// or smtps:// URL")),
        (#"{"email":{"kind":"smtp","url":"smtp://h:25","from":"nobody"}}"#,
         .invalidField(channel: "email", field: "from", reason: "not an email address")),
        (#"{"sms":{"kind":"sms_exotel","base_url":"https://api.exotel.com","account_sid":"a","api_key":"k","api_token":"t","sender":"S","entity_id":"E","webhook_secret":"w","require_dlt":"yes"}}"#,
         .invalidField(channel: "sms", field: "require_dlt", reason: "must be true or false")),
        (#"{"whatsapp":{"kind":"whatsapp_cloud","base_url":"https://graph.facebook.com","version":"v21.0","phone_number_id":"1","access_token":"t","app_secret":"s"}}"#,
         .missingField(channel: "whatsapp", field: "verify_token")),
    ]

    @Test(arguments: 0..<invalid.count)
    func mistakesNameTheChannelAndField(index: Int) {
        let (json, error) = Self.invalid[index]
        #expect(throws: error) { try ProviderConfiguration.parse(json, environment: [:]) }
    }

    @Test func errorMessagesReadWell() {
        #expect(ProviderConfigurationError.missingEnvironmentVariable(channel: "push", field: "access_token", variable: "FCM_TOKEN").description
                == "providers.push.access_token: environment variable FCM_TOKEN is not set")
        #expect(ProviderConfigurationError.unknownField(channel: "sms", field: "rate").description == "providers.sms.rate: unknown field")
        #expect(throws: ProviderConfigurationError.invalidJSON("line 1, column 2: expected a member name")) {
            try ProviderConfiguration.parse("{,}", environment: [:])
        }
    }

    @Test func requireDLTCanBeTurnedOff() throws {
        let json = #"{"sms":{"kind":"sms_exotel","base_url":"https://api.exotel.com","account_sid":"a","api_key":"k","api_token":"t","sender":"S","entity_id":"E","webhook_secret":"w","require_dlt":false,"timeout_seconds":3}}"#
        guard case .smsExotel(let settings) = try ProviderConfiguration.parse(json, environment: [:])[.sms] else {
            Issue.record("expected sms_exotel"); return
        }
        #expect(settings.requireDLT == false)
        #expect(settings.timeoutSeconds == 3)
        #expect(settings.statusCallback == nil)
    }
}
