import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyWeb

/// Who may call the webhooks: WhatsApp's signature and handshake, the SMS gateway's secret path. A refused or
/// malformed request changes no row.
@Suite struct WebhookAuthenticationTests {
    static let stop = WhatsAppBody.inbound(id: "wamid.AUTH1", "STOP")

    @Test(arguments: [
        ("missing", nil),
        ("another secret", WebhookWorld.signature(stop, secret: "NOT-THE-SECRET")),
        ("sha1 prefix", "sha1=" + String(WebhookWorld.signature(stop).dropFirst("sha256=".count))),
        ("no prefix", String(WebhookWorld.signature(stop).dropFirst("sha256=".count))),
        ("truncated", String(WebhookWorld.signature(stop).dropLast(2))),
        ("empty", ""),
    ] as [(String, String?)])
    func forgedOrMissingSignatureIs401AndChangesNothing(_ name: String, _ header: String?) throws {
        let world = try WebhookWorld()
        let before = try world.snapshot()
        let response = world.whatsApp(Self.stop, signing: header.map { .header($0) } ?? .missing)
        #expect(response.status == 401, "\(name)")
        #expect(try world.snapshot() == before, "\(name)")
    }

    @Test func aValidSignatureOverOtherBytesIs401() throws {
        let world = try WebhookWorld()
        let before = try world.snapshot()
        // Signed for the English STOP, sent with one byte changed: the signature covers the raw body.
        var tampered = Self.stop
        let index = try #require(tampered.firstIndex(of: UInt8(ascii: "S")))
        tampered[index] = UInt8(ascii: "s")
        let response = world.web.send(.POST, "/webhooks/whatsapp",
                                      headers: [("Content-Type", "application/json"),
                                                ("X-Hub-Signature-256", WebhookWorld.signature(Self.stop))],
                                      body: tampered)
        #expect(response.status == 401)
        #expect(try world.snapshot() == before)
    }

    @Test func uppercaseHexSignatureIsAccepted() throws {
        let world = try WebhookWorld()
        let signature = "sha256=" + WebhookWorld.signature(Self.stop).dropFirst("sha256=".count).uppercased()
        let response = world.whatsApp(Self.stop, signing: .header(signature))
        #expect(response.status == 200)
        #expect(response.json == .webhook(inbound: ["stop"]))
    }

    @Test func withoutConfiguredSecretsEveryWebhookIsRefused() throws {
        let world = try WebWorld() // no webhook secrets configured
        let response = world.send(.POST, "/webhooks/whatsapp",
                                  headers: [("Content-Type", "application/json"),
                                            ("X-Hub-Signature-256", WebhookWorld.signature(Self.stop, secret: ""))],
                                  body: Self.stop)
        #expect(response.status == 401)
        let handshake = world.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=42")
        #expect(handshake.status == 403)
        let sms = world.post("/webhooks/sms/SMSSECRET/status", form: [("SmsSid", "x"), ("Status", "sent")])
        #expect(sms.status == 401)
    }

    @Test(arguments: [
        ("{\"object\":", "truncated JSON"),
        ("not json at all", "not JSON"),
        ("{\"object\":\"page\",\"entry\":[]}", "another object"),
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"statuses\":[{\"id\":\"wamid.X\",\"status\":\"seen\",\"timestamp\":\"1776247200\"}]}}]}]}", "unknown status"),
        ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"changes\":[{\"field\":\"messages\",\"value\":{\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.M\",\"type\":\"text\",\"text\":{\"body\":\"STOP\"}}]}}]}]}", "message without timestamp"),
    ])
    func malformedBodyWithAValidSignatureIs400AndStoresNothing(_ body: String, _ name: String) throws {
        let world = try WebhookWorld()
        let before = try world.snapshot()
        let response = world.whatsApp(Array(body.utf8))
        #expect(response.status == 400, "\(name)")
        #expect(try world.snapshot() == before, "\(name)")
    }

    @Test func aBatchWithOneBadEntryAppliesNoneOfIt() throws {
        let world = try WebhookWorld()
        let before = try world.snapshot()
        let body = WhatsAppBody.notification(messages: [WhatsAppBody.text(id: "wamid.OK", body: "STOP")],
                                             statuses: [WhatsAppBody.status(id: "wamid.S", "bogus", at: 1_776_247_200)])
        #expect(world.whatsApp(body).status == 400)
        #expect(try world.snapshot() == before)
    }

    // MARK: The GET handshake

    @Test func handshakeWithTheVerifyTokenEchoesTheChallenge() throws {
        let world = try WebhookWorld()
        let response = world.web.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=VERIFY&hub.challenge=1158201444")
        #expect(response.status == 200)
        #expect(response.text == "1158201444")
    }

    @Test(arguments: [
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=WRONG&hub.challenge=1158201444",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify&hub.challenge=1158201444",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444",
        "/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=VERIFY&hub.challenge=1158201444",
        "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=VERIFY",
        "/webhooks/whatsapp",
    ])
    func handshakeWithoutTheRightTokenIs403(_ target: String) throws {
        let world = try WebhookWorld()
        let response = world.web.get(target)
        #expect(response.status == 403)
        #expect(!response.text.contains("1158201444"))
    }

    // MARK: The SMS gateway's secret path

    @Test(arguments: ["WRONG", "smssecret", "SMSSECRET2", "SMSSECRE"])
    func smsCallbacksWithTheWrongSecretAre401AndChangeNothing(_ secret: String) throws {
        let world = try WebhookWorld()
        let before = try world.snapshot()
        let status = world.smsStatus(secret: secret, [("SmsSid", "sms-1"), ("Status", "delivered"), ("To", WebhookWorld.b1Exotel)])
        let inboundPost = world.smsInbound(secret: secret, [("SmsSid", "in-1"), ("From", WebhookWorld.b1Exotel), ("Body", "STOP")])
        let inboundGet = world.web.get("/webhooks/sms/\(secret)/inbound?SmsSid=in-2&From=\(WebhookWorld.b1Exotel)&Body=STOP")
        #expect(status.status == 401)
        #expect(inboundPost.status == 401)
        #expect(inboundGet.status == 401)
        #expect(try world.snapshot() == before)
    }

    @Test func smsCallbacksWithTheSecretAreTaken() throws {
        let world = try WebhookWorld()
        let status = world.smsStatus([("SmsSid", "sms-unknown"), ("Status", "delivered"), ("To", WebhookWorld.b1Exotel),
                                      ("DateSent", "2026-04-15 15:30:00")])
        #expect(status.status == 200)
        #expect(status.json == .webhook(receipts: ["pending"]))
        let inbound = world.web.get("/webhooks/sms/SMSSECRET/inbound?SmsSid=in-3&From=\(WebhookWorld.b1Exotel)&Body=hello")
        #expect(inbound.status == 200)
        #expect(inbound.json == .webhook(inbound: ["message"]))
        #expect(try world.inbound() == [["sms", "in-3", "+919876543210", "\(try world.borrower("B1").key)", "hello", "message"]])
    }

    @Test func malformedSMSCallbacksWithTheSecretAre400AndStoreNothing() throws {
        let world = try WebhookWorld()
        let before = try world.snapshot()
        #expect(world.smsStatus([("SmsSid", "sms-1"), ("Status", "teleported")]).status == 400)
        #expect(world.smsStatus([("Status", "delivered")]).status == 400)
        #expect(world.smsInbound([("SmsSid", "in-1"), ("From", "not-a-number"), ("Body", "STOP")]).status == 400)
        #expect(world.smsInbound([("SmsSid", "in-1"), ("From", WebhookWorld.b1Exotel)]).status == 400)
        #expect(try world.snapshot() == before)
    }
}
