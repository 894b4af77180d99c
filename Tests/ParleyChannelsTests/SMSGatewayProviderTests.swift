import ParleyCore
import ParleyHTTP
import Testing
@testable import ParleyChannels

@Suite("Exotel SMS adapter with India DLT")
struct SMSGatewayProviderTests {
    func provider(_ baseURL: String, requireDLT: Bool = true, callback: String? = "https://parley.example/webhooks/sms/status") -> SMSGatewayProvider {
        SMSGatewayProvider(settings: SMSGatewaySettings(baseURL: baseURL, accountSID: "parleyexotel1", apiKey: Secret("exo-key"),
                                                        apiToken: Secret("exo-token-s3cret"), sender: "PRLYCFG",
                                                        entityID: "1101000000000000001", statusCallback: callback,
                                                        webhookSecret: Secret("hook"), requireDLT: requireDLT),
                           client: HTTPClient())
    }

    static let queued = #"{"SMSMessage":{"Sid":"b6cf54c1d0b0cb5c52ac2d2a8e1e1876","AccountSid":"parleyexotel1","From":"PRLYIN","# +
        #""To":"+919876543210","Status":"queued","DetailedStatusCode":21010,"DetailedStatus":"PENDING_TO_OPERATOR","Price":0.18,"# +
        #""DateCreated":"2026-12-01 10:30:00","Uri":"/v1/Accounts/parleyexotel1/SMS/Messages/b6cf54c1d0b0cb5c52ac2d2a8e1e1876.json"}}"#

    func fields(_ request: HTTPRequest) throws -> [String] { try request.formItems().map { "\($0.name)=\($0.value)" } }

    @Test func sendsTheExotelFormWithDLTFields() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: Self.queued)
        let message = Fixtures.sms()
        #expect(provider(standIn.baseURL).send(message) == .sent(providerMessageID: "b6cf54c1d0b0cb5c52ac2d2a8e1e1876"))
        let request = try #require(standIn.requests.first)
        #expect(request.method == .POST)
        #expect(request.path == "/v1/Accounts/parleyexotel1/Sms/send.json")
        #expect(request.headers["Authorization"] == "Basic ZXhvLWtleTpleG8tdG9rZW4tczNjcmV0")  // base64("exo-key:exo-token-s3cret")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(try fields(request) == [
            "From=PRLYIN", "To=+919876543210", "Body=\(message.body)", "DltEntityId=1101456780000012345",
            "DltTemplateId=1107161234567890123", "StatusCallback=https://parley.example/webhooks/sms/status",
            "SmsType=transactional", "EncodingType=unicode", "CustomField=case-7/reminder/sms/1",
        ])
    }

    @Test func hindiTextIsSentAsUnicode() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: Self.queued)
        let template = try #require(DefaultTemplates.template("reminder", channel: .sms, language: "hi"))
        let values = ["name": "अनु", "amount": "₹500", "lender": "डेमो बैंक", "link": "https://parley.example/p/x"]
        let rendered = try TemplateRenderer.render(template, values)
        let message = OutboundMessage(channel: .sms, destination: "+919876543210", template: "reminder", language: "hi",
                                      body: rendered.body, variables: template.variableNames.map { ($0, values[$0]!) },
                                      dlt: template.dlt, idempotencyKey: "k-hi")
        #expect(provider(standIn.baseURL, callback: nil).send(message) == .sent(providerMessageID: "b6cf54c1d0b0cb5c52ac2d2a8e1e1876"))
        let form = try #require(standIn.requests.first).formItems()
        #expect(form.first { $0.name == "Body" }?.value == "प्रिय अनु, आपके डेमो बैंक ऋण पर ₹500 बकाया है। इसे ऑनलाइन सुलझाएँ: https://parley.example/p/x")
        #expect(form.first { $0.name == "EncodingType" }?.value == "unicode")
        #expect(form.first { $0.name == "DltTemplateId" }?.value == "parley-reminder-hi")
        #expect(!form.contains { $0.name == "StatusCallback" })
    }

    @Test func aTextThatDoesNotMatchItsDLTTemplateIsNeverSent() throws {
        let standIn = try StandInProvider()
        let message = Fixtures.sms(body: "Hi Asha, pay ₹8,884.88 to Demo Bank now: https://parley.example/p/abc")
        #expect(provider(standIn.baseURL).send(message) == .permanentFailure(
            reason: "sms_exotel: the text does not match DLT template 1107161234567890123 (4 variables for 4 placeholders)"))
        #expect(standIn.requests.isEmpty)
    }

    @Test func withoutARegistrationTheConfigurationDecides() throws {
        let standIn = try StandInProvider()
        let message = Fixtures.sms(body: "Your plan is active.", dlt: nil)
        #expect(provider(standIn.baseURL).send(message)
                == .permanentFailure(reason: "sms_exotel: template reminder has no DLT registration and require_dlt is on"))
        #expect(standIn.requests.isEmpty)
        standIn.answer(200, json: Self.queued)
        #expect(provider(standIn.baseURL, requireDLT: false, callback: nil).send(message) == .sent(providerMessageID: "b6cf54c1d0b0cb5c52ac2d2a8e1e1876"))
        #expect(try fields(try #require(standIn.requests.first)) == [
            "From=PRLYCFG", "To=+919876543210", "Body=Your plan is active.", "DltEntityId=1101000000000000001",
            "SmsType=transactional", "CustomField=case-7/reminder/sms/1",
        ])
    }

    static let errorCases: [(status: Int, body: String, retryAfter: String?, expected: SendOutcome)] = [
        (401, #"{"RestException":{"Status":401,"Message":"Authentication failed. Invalid API Key or Token.","Code":"UNAUTHORIZED"}}"#, nil,
         .permanentFailure(reason: "sms_exotel: HTTP 401, UNAUTHORIZED: Authentication failed. Invalid API Key or Token.")),
        (400, #"{"RestException":{"Status":400,"Message":"Sender ID not approved for the SMS body"}}"#, nil,
         .permanentFailure(reason: "sms_exotel: HTTP 400: Sender ID not approved for the SMS body")),
        (429, #"{"RestException":{"Status":429,"Message":"Too many requests"}}"#, "10",
         .retryable(reason: "sms_exotel: HTTP 429: Too many requests", retryAfterSeconds: 10)),
        (500, #"{"RestException":{"Status":500,"Message":"Internal Server Error"}}"#, nil,
         .retryable(reason: "sms_exotel: HTTP 500: Internal Server Error", retryAfterSeconds: nil)),
        (503, "Service Unavailable", "120", .retryable(reason: "sms_exotel: HTTP 503", retryAfterSeconds: 120)),
    ]

    @Test(arguments: 0..<errorCases.count)
    func errorsAreClassified(index: Int) throws {
        let errorCase = Self.errorCases[index]
        let standIn = try StandInProvider()
        standIn.answer(errorCase.status, json: errorCase.body, headers: errorCase.retryAfter.map { [("Retry-After", $0)] } ?? [])
        #expect(provider(standIn.baseURL).send(Fixtures.sms()) == errorCase.expected)
    }

    @Test func aClosedPortIsRetryableAndKeepsCredentialsOut() {
        let port = Fixtures.closedPort()
        let outcome = provider("http://127.0.0.1:\(port)").send(Fixtures.sms())
        guard case .retryable(let reason, nil) = outcome else { Issue.record("expected retryable, got \(outcome)"); return }
        #expect(reason.hasPrefix("sms_exotel: POST http://127.0.0.1:\(port)/v1/Accounts/parleyexotel1/Sms/send.json: could not connect"))
        #expect(!reason.contains("exo-token-s3cret") && !reason.contains("ZXhv"))
    }

    @Test func aNumberThatIsNotE164IsAnInvalidDestination() throws {
        let standIn = try StandInProvider()
        var message = Fixtures.sms()
        message.destination = "09876543210"
        #expect(provider(standIn.baseURL).send(message) == .invalidDestination(reason: "sms_exotel: the destination is not an E.164 number"))
        #expect(standIn.requests.isEmpty)
    }
}
