import ParleyCore
import ParleyHTTP
import Testing
@testable import ParleyChannels

@Suite("WhatsApp Cloud API adapter")
struct WhatsAppCloudProviderTests {
    static let accessToken = "EAAG-wa-access-token-s3cret"

    func provider(_ baseURL: String) -> WhatsAppCloudProvider {
        WhatsAppCloudProvider(settings: WhatsAppCloudSettings(baseURL: baseURL, version: "v21.0", phoneNumberID: "106540352242922",
                                                              accessToken: Secret(Self.accessToken), appSecret: Secret("app-secret"),
                                                              verifyToken: Secret("verify")),
                              client: HTTPClient())
    }

    static let accepted = #"{"messaging_product":"whatsapp","contacts":[{"input":"+919876543210","wa_id":"919876543210"}],"# +
        #""messages":[{"id":"wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzVGQjI0RDQ2QjM1RkE2RQA="}]}"#

    @Test func templateMessageHasTheCloudAPIShape() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: Self.accepted)
        let outcome = provider(standIn.baseURL).send(Fixtures.whatsApp(language: "en-US"))
        #expect(outcome == .sent(providerMessageID: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzVGQjI0RDQ2QjM1RkE2RQA="))
        let request = try #require(standIn.requests.first)
        #expect(standIn.requests.count == 1)
        #expect(request.method == .POST)
        #expect(request.path == "/v21.0/106540352242922/messages")
        #expect(request.headers["Authorization"] == "Bearer \(Self.accessToken)")
        #expect(request.headers["Content-Type"] == "application/json")
        let expected: JSONValue = [
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "919876543210", "type": "template",
            "template": [
                "name": "parley_reminder", "language": ["code": "en_US"],
                "components": [["type": "body", "parameters": [
                    ["type": "text", "text": "Asha"], ["type": "text", "text": "₹8,884.88"],
                    ["type": "text", "text": "Demo Bank"], ["type": "text", "text": "https://parley.example/p/abc"],
                ]]],
            ],
        ]
        #expect(try JSONParser.parse(try #require(request.bodyText)) == expected)
    }

    @Test func sessionMessageIsFreeText() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: Self.accepted)
        let message = Fixtures.whatsApp(template: nil)
        #expect(provider(standIn.baseURL).send(message) == .sent(providerMessageID: "wamid.HBgMOTE5ODc2NTQzMjEwFQIAERgSQzVGQjI0RDQ2QjM1RkE2RQA="))
        let expected: JSONValue = [
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": "919876543210", "type": "text",
            "text": ["preview_url": false, "body": .string(message.body)],
        ]
        #expect(try JSONParser.parse(try #require(standIn.requests.first?.bodyText)) == expected)
    }

    static func graphError(_ code: Int, subcode: Int? = nil, message: String, type: String = "OAuthException") -> String {
        let sub = subcode.map { #","error_subcode":\#($0)"# } ?? ""
        return #"{"error":{"message":"\#(message)","type":"\#(type)","code":\#(code)\#(sub),"fbtrace_id":"AbCdEf123"}}"#
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let status: Int
        let body: String
        var retryAfter: String? = nil
        let expected: SendOutcome
        var testDescription: String { "HTTP \(status) \(body.prefix(60))" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(status: 400, body: graphError(131026, message: "(#131026) Message Undeliverable."),
                  expected: .invalidDestination(reason: "whatsapp_cloud: HTTP 400, error 131026 (OAuthException): (#131026) Message Undeliverable. [fbtrace_id AbCdEf123]")),
        ErrorCase(status: 400, body: graphError(131047, message: "(#131047) Re-engagement message"),
                  expected: .permanentFailure(reason: "whatsapp_cloud: HTTP 400, error 131047 (OAuthException): (#131047) Re-engagement message [fbtrace_id AbCdEf123]")),
        ErrorCase(status: 404, body: graphError(132001, message: "(#132001) Template name does not exist in the translation"),
                  expected: .permanentFailure(reason: "whatsapp_cloud: HTTP 404, error 132001 (OAuthException): (#132001) Template name does not exist in the translation [fbtrace_id AbCdEf123]")),
        ErrorCase(status: 400, body: graphError(100, subcode: 2494010, message: "Invalid parameter", type: "GraphMethodException"),
                  expected: .permanentFailure(reason: "whatsapp_cloud: HTTP 400, error 100/2494010 (GraphMethodException): Invalid parameter [fbtrace_id AbCdEf123]")),
        ErrorCase(status: 429, body: graphError(130429, message: "(#130429) Rate limit hit"), retryAfter: "30",
                  expected: .retryable(reason: "whatsapp_cloud: HTTP 429, error 130429 (OAuthException): (#130429) Rate limit hit [fbtrace_id AbCdEf123]", retryAfterSeconds: 30)),
        ErrorCase(status: 400, body: graphError(131056, message: "(#131056) (Business Account, Consumer Account) pair rate limit hit"),
                  expected: .retryable(reason: "whatsapp_cloud: HTTP 400, error 131056 (OAuthException): (#131056) (Business Account, Consumer Account) pair rate limit hit [fbtrace_id AbCdEf123]", retryAfterSeconds: nil)),
        ErrorCase(status: 400, body: graphError(4, message: "(#4) Application request limit reached"), retryAfter: "60",
                  expected: .retryable(reason: "whatsapp_cloud: HTTP 400, error 4 (OAuthException): (#4) Application request limit reached [fbtrace_id AbCdEf123]", retryAfterSeconds: 60)),
        ErrorCase(status: 500, body: graphError(131000, message: "Something went wrong"),
                  expected: .retryable(reason: "whatsapp_cloud: HTTP 500, error 131000 (OAuthException): Something went wrong [fbtrace_id AbCdEf123]", retryAfterSeconds: nil)),
        ErrorCase(status: 503, body: "<html>Service Unavailable</html>", retryAfter: "5",
                  expected: .retryable(reason: "whatsapp_cloud: HTTP 503", retryAfterSeconds: 5)),
        ErrorCase(status: 401, body: graphError(190, message: "Error validating access token: Session has expired"),
                  expected: .permanentFailure(reason: "whatsapp_cloud: HTTP 401, error 190 (OAuthException): Error validating access token: Session has expired [fbtrace_id AbCdEf123]")),
    ]

    @Test(arguments: errorCases)
    func errorsAreClassified(errorCase: ErrorCase) throws {
        let standIn = try StandInProvider()
        standIn.answer(errorCase.status, json: errorCase.body, headers: errorCase.retryAfter.map { [("Retry-After", $0)] } ?? [])
        #expect(provider(standIn.baseURL).send(Fixtures.whatsApp()) == errorCase.expected)
        #expect(standIn.requests.count == 1)
    }

    @Test func providerTextIsScrubbedOfNumbers() throws {
        let standIn = try StandInProvider()
        standIn.answer(400, json: Self.graphError(131030, message: "Recipient phone number 919876543210 not in allowed list"))
        guard case .permanentFailure(let reason) = provider(standIn.baseURL).send(Fixtures.whatsApp()) else {
            Issue.record("expected a permanent failure"); return
        }
        #expect(reason == "whatsapp_cloud: HTTP 400, error 131030 (OAuthException): Recipient phone number ############ not in allowed list [fbtrace_id AbCdEf123]")
    }

    @Test func aClosedPortIsRetryable() {
        let port = Fixtures.closedPort()
        let outcome = provider("http://127.0.0.1:\(port)").send(Fixtures.whatsApp())
        guard case .retryable(let reason, let after) = outcome else { Issue.record("expected retryable, got \(outcome)"); return }
        #expect(reason.hasPrefix("whatsapp_cloud: POST http://127.0.0.1:\(port)/v21.0/106540352242922/messages: could not connect (curl 7:"))
        #expect(!reason.contains(Self.accessToken))
        #expect(after == nil)
    }

    @Test func aDestinationThatIsNotE164IsRefusedWithoutARequest() throws {
        let standIn = try StandInProvider()
        var message = Fixtures.whatsApp()
        message.destination = "98765 43210"
        #expect(provider(standIn.baseURL).send(message) == .invalidDestination(reason: "whatsapp_cloud: the destination is not an E.164 number"))
        message.channel = .sms
        message.destination = "+919876543210"
        #expect(provider(standIn.baseURL).send(message)
                == .permanentFailure(reason: "whatsapp_cloud: a sms message reached the whatsapp provider"))
        #expect(standIn.requests.isEmpty)
    }
}
