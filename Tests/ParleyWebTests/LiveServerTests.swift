#if canImport(Glibc)
import Glibc
#endif
import Testing
import ParleyCore
import ParleyStore
@testable import ParleyHTTP
@testable import ParleyWeb

enum WebClientError: Error, Equatable {
    case connect(errno: Int32)
    case send(errno: Int32)
    case closed
    case malformed(String)
}

/// A blocking HTTP/1.1 client over one TCP connection (after Tests/ParleyHTTPTests/SocketClient.swift).
final class WebSocketClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) throws(WebClientError) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .connect(errno: errno) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(descriptor)
            throw .connect(errno: code)
        }
    }

    deinit { close(descriptor) }

    func request(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) throws(WebClientError) -> HTTPResponse {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        if !body.isEmpty, !headers.contains("Content-Length") { head += "Content-Length: \(body.count)\r\n" }
        try send(Array((head + "\r\n").utf8) + body)
        return try readResponse(bodyless: method == "HEAD")
    }

    private func send(_ bytes: [UInt8]) throws(WebClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw .send(errno: errno) }
            offset += sent
        }
    }

    /// Reads one response; `Content-Length` framing only (what MHD sends for buffers).
    private func readResponse(bodyless: Bool) throws(WebClientError) -> HTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = MultipartParser.find(separator, in: buffer, from: 0)
            if headEnd == nil { try fill() }
        }
        guard let headEnd, let head = String(validating: buffer[..<headEnd], as: UTF8.self) else { throw .malformed("head") }
        var lines = head.split(separator: "\r\n").makeIterator()
        guard let statusLine = lines.next(), statusLine.split(separator: " ").count >= 2,
              let status = Int(statusLine.split(separator: " ")[1]) else { throw .malformed("status line") }
        var headers = HTTPHeaders()
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("header") }
            headers.add(String(line[..<colon]), line[line.index(after: colon)...].trimmingASCIIWhitespace())
        }
        let length = bodyless ? 0 : Int(headers["Content-Length"] ?? "0") ?? 0
        let bodyStart = headEnd + 4
        while buffer.count < bodyStart + length { try fill() }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    private func fill() throws(WebClientError) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard received > 0 else { throw .closed }
        buffer.append(contentsOf: chunk[0..<received])
    }
}

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

        let client = try WebSocketClient(port: server.port)
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
        let oversized = try WebSocketClient(port: server.port)
            .request("POST", "/api/v1/loans", headers: ["Authorization": "Bearer " + WebWorld.apiKeyDefault,
                                                        "Content-Type": "application/json"], body: big)
        #expect(oversized.status == 413)
        #expect(try world.store.loanCount(lenderID: "default") == 3)

        let metrics = try WebSocketClient(port: server.port).request("GET", "/metrics")
        #expect(metrics.status == 200)
        let text = metrics.bodyText ?? ""
        #expect(text.contains("parley_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"2xx\"} 1"))
        #expect(text.contains("parley_http_requests_total{route=\"/api/v1/cases\",method=\"GET\",status=\"2xx\"} 1"))
        #expect(text.contains("parley_http_requests_total{route=\"/api/v1/cases\",method=\"GET\",status=\"4xx\"} 1"))
        #expect(text.contains("parley_http_request_duration_seconds_count{route=\"/api/v1/cases\"} 2"))

        server.stop(graceTimeout: 1)
        #expect(server.port == 0)
        #expect(throws: WebClientError.self) { _ = try WebSocketClient(port: configuration.port == 0 ? 1 : configuration.port).request("GET", "/healthz") }
    }
}
