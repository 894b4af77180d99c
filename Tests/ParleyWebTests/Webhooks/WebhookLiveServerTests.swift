import Testing
import ParleyCore
@testable import ParleyHTTP
@testable import ParleyWeb
import ParleyTestSupport

/// The webhooks behind the real libmicrohttpd server on 127.0.0.1, port 0: the signature is checked over the
/// bytes as they came off the socket, whatever the case of the header name.
@Suite struct WebhookLiveServerTests {
    @Test func signedWebhooksOverARealSocket() throws {
        let world = try WebhookWorld()
        var configuration = ServerConfiguration(bindAddress: "127.0.0.1", port: 0, threads: 2, maxBodyBytes: 64 << 10)
        configuration.connectionTimeoutSeconds = 5
        let server = HTTPServer(configuration: configuration, router: world.web.app.router, metrics: world.web.app.metrics)
        try server.start()
        defer { server.stop(graceTimeout: 1) }

        let stop = WhatsAppBody.inbound(id: "wamid.LIVE", "STOP")
        let before = try world.snapshot()
        let forged = try SocketClient(port: server.port).request(
            "POST", "/webhooks/whatsapp",
            headers: ["Content-Type": "application/json", "X-Hub-Signature-256": WebhookWorld.signature(stop, secret: "guess")],
            body: stop)
        #expect(forged.status == 401)
        #expect(try world.snapshot() == before)

        let client = try SocketClient(port: server.port)
        for expected in ["stop", "duplicate"] {
            let response = try client.request("POST", "/webhooks/whatsapp",
                                              headers: ["content-type": "application/json",
                                                        "x-hub-signature-256": WebhookWorld.signature(stop)],
                                              body: stop)
            #expect(response.status == 200)
            #expect(response.json == .webhook(inbound: [expected]))
        }
        #expect(try world.messages(template: "optout_confirmation").count == 1)

        let handshake = try client.request("GET", "/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=VERIFY&hub.challenge=987654")
        #expect(handshake.status == 200)
        #expect(handshake.bodyText == "987654")

        let wrongSecret = try client.request("POST", "/webhooks/sms/WRONG/status",
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                             body: Array("SmsSid=abc&Status=delivered".utf8))
        #expect(wrongSecret.status == 401)
    }
}
