import ParleyCore
import ParleyHTTP
import Testing
@testable import ParleyChannels

@Suite("FCM HTTP v1 adapter")
struct FCMProviderTests {
    func provider(_ baseURL: String) -> FCMProvider {
        FCMProvider(settings: FCMSettings(baseURL: baseURL, projectID: "parley-demo", accessToken: Secret("ya29.fcm-s3cret")),
                    client: HTTPClient())
    }

    @Test func sendsANotificationWithItsData() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: #"{"name":"projects/parley-demo/messages/0:1500415314455276%31bd1c9631bd1c96"}"#)
        let message = Fixtures.push()
        #expect(provider(standIn.baseURL).send(message) == .sent(providerMessageID: "projects/parley-demo/messages/0:1500415314455276%31bd1c9631bd1c96"))
        let request = try #require(standIn.requests.first)
        #expect(request.method == .POST)
        #expect(request.path == "/v1/projects/parley-demo/messages:send")
        #expect(request.headers["Authorization"] == "Bearer ya29.fcm-s3cret")
        #expect(request.headers["Content-Type"] == "application/json")
        let expected: JSONValue = ["message": [
            "token": "fcm-token-abc123",
            "notification": ["title": "आपका प्रस्ताव जल्द समाप्त होगा", "body": "प्रिय Asha, आपका प्रस्ताव 2026-12-20 को समाप्त होगा।"],
            "data": ["template": "offer_expiring", "idempotency_key": "case-7/offer/push/1"],
            "android": ["priority": "high"],
        ]]
        #expect(try JSONParser.parse(try #require(request.bodyText)) == expected)
    }

    static func googleError(_ code: Int, _ status: String, _ message: String, fcm: String? = nil, field: String? = nil) -> String {
        var details: [String] = []
        if let fcm { details.append(#"{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"\#(fcm)"}"#) }
        if let field {
            details.append(#"{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"\#(field)","description":"bad"}]}"#)
        }
        return #"{"error":{"code":\#(code),"message":"\#(message)","status":"\#(status)","details":[\#(details.joined(separator: ","))]}}"#
    }

    static let errorCases: [(status: Int, body: String, retryAfter: String?, expected: SendOutcome)] = [
        (404, googleError(404, "NOT_FOUND", "Requested entity was not found.", fcm: "UNREGISTERED"), nil,
         .invalidDestination(reason: "fcm_v1: HTTP 404, UNREGISTERED: Requested entity was not found.")),
        (400, googleError(400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token", fcm: "INVALID_ARGUMENT"), nil,
         .invalidDestination(reason: "fcm_v1: HTTP 400, INVALID_ARGUMENT: The registration token is not a valid FCM registration token")),
        (400, googleError(400, "INVALID_ARGUMENT", "Invalid value at 'message.token'", field: "message.token"), nil,
         .invalidDestination(reason: "fcm_v1: HTTP 400, INVALID_ARGUMENT: Invalid value at 'message.token'")),
        (400, googleError(400, "INVALID_ARGUMENT", "Invalid value at 'message.data[0].value'", field: "message.data[0].value"), nil,
         .permanentFailure(reason: "fcm_v1: HTTP 400, INVALID_ARGUMENT: Invalid value at 'message.data[0].value'")),
        (404, googleError(404, "NOT_FOUND", "Requested entity was not found."), nil,
         .permanentFailure(reason: "fcm_v1: HTTP 404, NOT_FOUND: Requested entity was not found.")),
        (429, googleError(429, "RESOURCE_EXHAUSTED", "Quota exceeded", fcm: "QUOTA_EXCEEDED"), "42",
         .retryable(reason: "fcm_v1: HTTP 429, QUOTA_EXCEEDED: Quota exceeded", retryAfterSeconds: 42)),
        (503, googleError(503, "UNAVAILABLE", "The service is currently unavailable.", fcm: "UNAVAILABLE"), "9",
         .retryable(reason: "fcm_v1: HTTP 503, UNAVAILABLE: The service is currently unavailable.", retryAfterSeconds: 9)),
        (500, googleError(500, "INTERNAL", "Internal error encountered.", fcm: "INTERNAL"), nil,
         .retryable(reason: "fcm_v1: HTTP 500, INTERNAL: Internal error encountered.", retryAfterSeconds: nil)),
        (401, googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.", fcm: "THIRD_PARTY_AUTH_ERROR"), nil,
         .permanentFailure(reason: "fcm_v1: HTTP 401, THIRD_PARTY_AUTH_ERROR: Request had invalid authentication credentials.")),
        (403, googleError(403, "PERMISSION_DENIED", "SenderId mismatch", fcm: "SENDER_ID_MISMATCH"), nil,
         .permanentFailure(reason: "fcm_v1: HTTP 403, SENDER_ID_MISMATCH: SenderId mismatch")),
    ]

    @Test(arguments: 0..<errorCases.count)
    func errorsAreClassified(index: Int) throws {
        let errorCase = Self.errorCases[index]
        let standIn = try StandInProvider()
        standIn.answer(errorCase.status, json: errorCase.body, headers: errorCase.retryAfter.map { [("Retry-After", $0)] } ?? [])
        #expect(provider(standIn.baseURL).send(Fixtures.push()) == errorCase.expected)
    }

    @Test func aClosedPortIsRetryable() {
        let port = Fixtures.closedPort()
        let outcome = provider("http://127.0.0.1:\(port)").send(Fixtures.push())
        guard case .retryable(let reason, nil) = outcome else { Issue.record("expected retryable, got \(outcome)"); return }
        #expect(reason.hasPrefix("fcm_v1: POST http://127.0.0.1:\(port)/v1/projects/parley-demo/messages:send: could not connect"))
        #expect(!reason.contains("ya29"))
    }

    @Test func anEmptyTokenIsRefusedWithoutARequest() throws {
        let standIn = try StandInProvider()
        #expect(provider(standIn.baseURL).send(Fixtures.push(token: ""))
                == .invalidDestination(reason: "fcm_v1: the registration token is empty or malformed"))
        #expect(standIn.requests.isEmpty)
    }
}
