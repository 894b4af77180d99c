#if canImport(Glibc)
import Glibc
#endif
import Testing
import ParleyCore
import ParleyStore
@testable import ParleyHTTP
@testable import ParleyWeb
import ParleyTestSupport

/// The web app behind the real libmicrohttpd server on 127.0.0.1, port 0.
@Suite struct WebLiveServerTests {
    @Test func servesHealthAndTheAPIAndCountsThemInMetrics() throws {
        let world = try WebWorld()
        var configuration = ServerConfiguration(bindAddress: "127.0.0.1", port: 0, threads: 2, maxBodyBytes: 8 << 10)
        configuration.connectionTimeoutSeconds = 5
        let server = HTTPServer(configuration: configuration, router: world.app.router, metrics: world.app.metrics)
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        #expect(server.port > 0)

        let client = try SocketClient(port: server.port)
        let health = try client.request("GET", "/healthz")
        #expect(health.status == 200)
        #expect(health.bodyText == "ok\n")

        // Keep-alive: a second request on the same connection, authenticated.
        let cases = try client.request("GET", "/api/v1/cases", headers: ["Authorization": "Bearer " + WebWorld.apiKeyDefault])
        #expect(cases.status == 200)
        #expect(cases.headers["Content-Type"] == "application/json")
        let ids = (cases.json?["cases"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(ids == (try ["L1", "L2", "L3"].map { try world.caseID($0) }))
        let unauthorized = try client.request("GET", "/api/v1/cases")
        #expect(unauthorized.status == 401)

        // An oversized body is refused before the handler and changes nothing.
        let big = Array(#"{"loans":[]}"#.utf8) + [UInt8](repeating: 0x20, count: 16 << 10)
        let oversized = try SocketClient(port: server.port)
            .request("POST", "/api/v1/loans", headers: ["Authorization": "Bearer " + WebWorld.apiKeyDefault,
                                                        "Content-Type": "application/json"], body: big)
        #expect(oversized.status == 413)
        #expect(try world.store.loanCount(lenderID: "default") == 3)

        let metrics = try SocketClient(port: server.port).request("GET", "/metrics")
        #expect(metrics.status == 200)
        let text = metrics.bodyText ?? ""
        #expect(text.contains("parley_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"2xx\"} 1"))
        #expect(text.contains("parley_http_requests_total{route=\"/api/v1/cases\",method=\"GET\",status=\"2xx\"} 1"))
        #expect(text.contains("parley_http_requests_total{route=\"/api/v1/cases\",method=\"GET\",status=\"4xx\"} 1"))
        #expect(text.contains("parley_http_request_duration_seconds_count{route=\"/api/v1/cases\"} 2"))

        server.stop(graceTimeout: 1)
        #expect(server.port == 0)
        #expect(throws: ClientError.self) { _ = try SocketClient(port: configuration.port == 0 ? 1 : configuration.port).request("GET", "/healthz") }
    }
}
