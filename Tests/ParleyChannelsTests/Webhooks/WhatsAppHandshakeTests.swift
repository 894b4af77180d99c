import Testing
@testable import ParleyChannels

@Suite("WhatsApp verification handshake")
struct WhatsAppHandshakeTests {
    let token = "parley-verify-7c1e"

    @Test func echoesTheChallenge() {
        let query = ["hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444"]
        #expect(WhatsAppWebhook.verificationChallenge(query: query, verifyToken: token) == .success("1158201444"))
    }

    @Test func refusesAWrongToken() {
        for wrong in ["parley-verify-7c1f", "parley-verify-7c1", "parley-verify-7c1ee", "", "PARLEY-VERIFY-7C1E"] {
            let query = ["hub.mode": "subscribe", "hub.verify_token": wrong, "hub.challenge": "1158201444"]
            #expect(WhatsAppWebhook.verificationChallenge(query: query, verifyToken: token)
                == .failure(.verificationFailed(reason: "hub.verify_token does not match the configured token")))
        }
    }

    @Test func refusesAWrongOrMissingMode() {
        let wrong = ["hub.mode": "unsubscribe", "hub.verify_token": token, "hub.challenge": "1"]
        #expect(WhatsAppWebhook.verificationChallenge(query: wrong, verifyToken: token)
            == .failure(.verificationFailed(reason: "hub.mode must be \"subscribe\"")))
        let missing = ["hub.verify_token": token, "hub.challenge": "1"]
        #expect(WhatsAppWebhook.verificationChallenge(query: missing, verifyToken: token)
            == .failure(.verificationFailed(reason: "hub.mode is missing")))
    }

    @Test func refusesMissingTokenOrChallenge() {
        #expect(WhatsAppWebhook.verificationChallenge(query: ["hub.mode": "subscribe", "hub.challenge": "1"], verifyToken: token)
            == .failure(.verificationFailed(reason: "hub.verify_token is missing")))
        #expect(WhatsAppWebhook.verificationChallenge(query: ["hub.mode": "subscribe", "hub.verify_token": token], verifyToken: token)
            == .failure(.verificationFailed(reason: "hub.challenge is missing")))
    }

    @Test func anEmptyConfiguredTokenNeverMatches() {
        let query = ["hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"]
        #expect(WhatsAppWebhook.verificationChallenge(query: query, verifyToken: "")
            == .failure(.verificationFailed(reason: "hub.verify_token does not match the configured token")))
    }

    @Test func errorsNeverCarryTheToken() {
        let query = ["hub.mode": "subscribe", "hub.verify_token": "guess-123", "hub.challenge": "1"]
        guard case .failure(let error) = WhatsAppWebhook.verificationChallenge(query: query, verifyToken: token) else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "webhook verification failed: hub.verify_token does not match the configured token")
        #expect(!error.description.contains("guess-123") && !error.description.contains(token))
    }
}
