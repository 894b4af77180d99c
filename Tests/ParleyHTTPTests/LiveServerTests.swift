#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import Testing
@testable import ParleyHTTP
import ParleyTestSupport

/// Counts handler calls across worker threads.
final class CallCounter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

@Suite struct LiveServerTests {
    private func echoRouter(calls: CallCounter = CallCounter()) -> Router {
        let router = Router(errorLog: { _ in })
        router.add(.GET, "/hello") { request in
            .text("hello \(request.query["name"] ?? "?") page \(request.query["page"] ?? "1")")
        }
        router.add(.POST, "/api/v1/echo") { request in
            calls.increment()
            guard request.mediaType == "application/json" else { throw HTTPError.unsupportedMediaType() }
            return .json(bytes: request.body, status: 201)
        }
        router.add(.POST, "/form") { request in
            let fields = try request.formFields()
            return .text("\(fields["name"] ?? "")|\(fields["amount"] ?? "")")
        }
        router.add(.POST, "/upload") { request in
            calls.increment()
            let parts = try request.multipartParts()
            return .text(parts.map { "\($0.name):\($0.data.count)" }.joined(separator: ","))
        }
        return router
    }

    @Test(arguments: Transport.allCases)
    func getWithQuery(transport: Transport) throws {
        let client = try TestClient(transport, router: echoRouter())
        let response = try client.execute(.GET, "/hello?name=%E0%A4%85%E0%A4%A8%E0%A5%81+S&page=3&page=4")
        #expect(response.status == 200)
        #expect(response.bodyText == "hello अनु S page 3")
    }

    @Test(arguments: Transport.allCases)
    func postJSONEcho(transport: Transport) throws {
        let client = try TestClient(transport, router: echoRouter())
        let json = #"{"amount":"1500.00","note":"किस्त"}"#
        let response = try client.execute(.POST, "/api/v1/echo", headers: ["Content-Type": "application/json"], body: Array(json.utf8))
        #expect(response.status == 201)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(response.bodyText == json)
        let wrongType = try client.execute(.POST, "/api/v1/echo", headers: ["Content-Type": "text/plain"], body: [1])
        #expect(wrongType.status == 415)
        #expect(wrongType.bodyText == #"{"error":{"status":415,"message":"unsupported media type"}}"#)
    }

    @Test(arguments: Transport.allCases)
    func formPost(transport: Transport) throws {
        let client = try TestClient(transport, router: echoRouter())
        let body = Array("name=%E0%A4%B8%E0%A5%80%E0%A4%A4%E0%A4%BE+%E0%A4%A6%E0%A5%87%E0%A4%B5%E0%A5%80&amount=250".utf8)
        let response = try client.execute(.POST, "/form", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body)
        #expect(response.bodyText == "सीता देवी|250")
        let malformed = try client.execute(.POST, "/form", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array("name=%E0".utf8))
        #expect(malformed.status == 400)
    }

    @Test(arguments: Transport.allCases)
    func multipartUpload(transport: Transport) throws {
        let client = try TestClient(transport, router: echoRouter())
        let response = try client.execute(.POST, "/upload",
                                          headers: ["Content-Type": "multipart/form-data; boundary=\(MultipartTests.boundary)"],
                                          body: MultipartTests.body())
        #expect(response.bodyText == "statement:\("मेरी आय कम हो गई है\r\nदूसरी पंक्ति".utf8.count),document:\(MultipartTests.binary.count),empty:0")
    }

    @Test func unknownMethodsGet405WithAllowOr404() throws {
        let server = HTTPServer(configuration: .test, router: echoRouter())
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let query = try SocketClient(port: server.port).request("QUERY", "/hello")
        #expect(query.status == 405)
        #expect(query.headers["Allow"] == "GET, HEAD")
        let trace = try SocketClient(port: server.port).request("TRACE", "/api/v1/echo")
        #expect(trace.status == 405 && trace.headers["Allow"] == "POST")
        #expect(trace.bodyText?.hasPrefix(#"{"error":{"status":405"#) == true)
        #expect(try SocketClient(port: server.port).request("BREW", "/nowhere").status == 404)
    }

    @Test func declaredOversizedBodyIsRejectedBeforeTheHandler() throws {
        let calls = CallCounter()
        let server = HTTPServer(configuration: .test, router: echoRouter(calls: calls))
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let client = try SocketClient(port: server.port)
        // Only the head is sent: the 413 must come from Content-Length alone.
        try client.send(SocketClient.requestBytes("POST", "/api/v1/echo", headers: [
            "Content-Type": "application/json", "Content-Length": String(2 << 20), "X-Request-Id": "big-1",
        ]))
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.headers["X-Request-Id"] == "big-1")
        #expect(response.bodyText == #"{"error":{"status":413,"message":"request body too large"}}"#)
        #expect(client.isClosedByPeer())
        #expect(calls.value == 0)
    }

    @Test func chunkedOversizedBodyIsDroppedAndRejected() throws {
        let calls = CallCounter()
        let server = HTTPServer(configuration: .test, router: echoRouter(calls: calls))
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let client = try SocketClient(port: server.port)
        try client.send(SocketClient.requestBytes("POST", "/api/v1/echo", headers: [
            "Content-Type": "application/json", "Transfer-Encoding": "chunked",
        ]))
        let chunk = [UInt8](repeating: 0x61, count: 64 << 10)
        for _ in 0..<32 {  // 2 MiB in total
            try client.send(Array("10000\r\n".utf8) + chunk + [13, 10])
        }
        try client.send(Array("0\r\n\r\n".utf8))
        #expect(try client.readResponse().status == 413)
        #expect(calls.value == 0)
    }

    @Test func multipartHasItsOwnLargerLimit() throws {
        let calls = CallCounter()
        var configuration = ServerConfiguration.test
        configuration.maxBodyBytes = 1 << 10
        configuration.maxMultipartBytes = 1 << 20
        let server = HTTPServer(configuration: configuration, router: echoRouter(calls: calls))
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let file = [UInt8](repeating: 7, count: 100_000)
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n".utf8) + file + Array("\r\n--b--\r\n".utf8)
        let upload = try SocketClient(port: server.port).request("POST", "/upload", headers: ["Content-Type": "multipart/form-data; boundary=b"], body: body)
        #expect(upload.bodyText == "file:100000")
        let json = try SocketClient(port: server.port).request("POST", "/api/v1/echo", headers: ["Content-Type": "application/json"], body: file)
        #expect(json.status == 413)
        #expect(calls.value == 1)
    }

    @Test func keepAliveServesTwoRequestsOnOneSocket() throws {
        let server = HTTPServer(configuration: .test, router: echoRouter())
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let client = try SocketClient(port: server.port)
        // Both requests are written before either answer is read (pipelined).
        try client.send(SocketClient.requestBytes("GET", "/hello?name=one") + SocketClient.requestBytes("GET", "/hello?name=two"))
        let first = try client.readResponse()
        let second = try client.readResponse()
        #expect(first.bodyText == "hello one page 1")
        #expect(second.bodyText == "hello two page 1")
        #expect(first.headers["X-Request-Id"] != second.headers["X-Request-Id"])
        #expect(try client.request("GET", "/hello?name=three").bodyText == "hello three page 1")
    }

    @Test func metricsAndAccessLogAfterRequests() throws {
        let metrics = HTTPMetrics()
        metrics.register(gauge: "parley_outbox_queued", help: "Messages waiting in the outbox.") { 7 }
        let router = Router()
        router.add(.GET, "/api/v1/loans/:id", name: "loan") { _ in .json("{}") }
        router.add(.GET, "/metrics") { _ in metrics.response() }
        let log = Mutex<[AccessLogEntry]>([])
        let server = HTTPServer(configuration: .test, router: router,
                                accessLog: { entry in log.withLock { $0.append(entry) } }, metrics: metrics)
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let client = try SocketClient(port: server.port)
        #expect(try client.request("GET", "/api/v1/loans/1").status == 200)
        #expect(try client.request("GET", "/api/v1/loans/2", headers: ["X-Request-Id": "loan-two"]).status == 200)
        #expect(try client.request("GET", "/missing").status == 404)
        let exposition = try client.request("GET", "/metrics")
        #expect(exposition.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        let lines = Set((exposition.bodyText ?? "").split(separator: "\n").map(String.init))
        #expect(lines.contains("# TYPE parley_http_requests_total counter"))
        #expect(lines.contains(#"parley_http_requests_total{route="loan",method="GET",status="2xx"} 2"#))
        #expect(lines.contains(#"parley_http_requests_total{route="unmatched",method="GET",status="4xx"} 1"#))
        #expect(lines.contains("# TYPE parley_http_request_duration_seconds histogram"))
        #expect(lines.contains(#"parley_http_request_duration_seconds_bucket{route="loan",le="+Inf"} 2"#))
        #expect(lines.contains(#"parley_http_request_duration_seconds_bucket{route="loan",le="10"} 2"#))
        #expect(lines.contains(#"parley_http_request_duration_seconds_count{route="loan"} 2"#))
        #expect(lines.contains { $0.hasPrefix(#"parley_http_request_duration_seconds_bucket{route="loan",le="0.001"} "#) })
        #expect(lines.contains { $0.hasPrefix(#"parley_http_request_duration_seconds_sum{route="loan"} "#) })
        #expect(lines.contains("# TYPE parley_outbox_queued gauge"))
        #expect(lines.contains("parley_outbox_queued 7"))

        let entries = log.withLock { $0 }
        #expect(entries.count == 4)
        let second = try #require(entries.first { $0.requestID == "loan-two" })
        #expect(second.route == "loan")
        #expect(second.path == "/api/v1/loans/2")
        #expect(second.status == 200)
        #expect(second.bytes == 2)
        #expect(second.remoteAddress == "127.0.0.1")
        #expect(second.jsonLine.contains(#""request_id":"loan-two""#))
    }

    @Test func gracefulStopFinishesInFlightThenRefuses() throws {
        let router = Router()
        router.add(.GET, "/slow") { _ in
            usleep(300_000)
            return .text("slow done")
        }
        let server = HTTPServer(configuration: .test, router: router)
        try server.start()
        let port = server.port
        let outcome = Mutex<Result<HTTPResponse, ClientError>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { () throws(ClientError) -> HTTPResponse in
                try SocketClient(port: port).request("GET", "/slow")
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }.start()
        var waited = 0
        while server.requestsInFlight == 0, waited < 200 {
            usleep(10_000)
            waited += 1
        }
        #expect(server.requestsInFlight == 1)
        server.stop(graceTimeout: 5)
        #expect(server.requestsInFlight == 0)
        #expect(finished.wait(timeout: .now() + 5) == .success)
        let response = try #require(try outcome.withLock { $0 }?.get())
        #expect(response.status == 200)
        #expect(response.bodyText == "slow done")
        #expect(throws: ClientError.connect(errno: ECONNREFUSED)) { try SocketClient(port: port) }
        #expect(server.port == 0)
    }

    @Test func slowClientIsDisconnectedAfterTheConnectionTimeout() throws {
        var configuration = ServerConfiguration.test
        configuration.connectionTimeoutSeconds = 1
        let server = HTTPServer(configuration: configuration, router: echoRouter())
        try server.start()
        defer { server.stop(graceTimeout: 1) }
        let slow = try SocketClient(port: server.port)
        try slow.send(Array("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))  // the head never ends
        // Others are served meanwhile.
        #expect(try SocketClient(port: server.port).request("GET", "/hello?name=x").status == 200)
        let started = MonotonicClock.nanoseconds()
        #expect(slow.isClosedByPeer())
        #expect(Double(MonotonicClock.nanoseconds() - started) / 1e9 < 4)
    }

    @Test func startTwiceAndPortInUseAreErrors() throws {
        let first = HTTPServer(configuration: .test, router: Router())
        try first.start()
        defer { first.stop(graceTimeout: 0) }
        #expect(throws: HTTPServerError.alreadyStarted) { try first.start() }
        var taken = ServerConfiguration.test
        taken.port = first.port
        let second = HTTPServer(configuration: taken, router: Router())
        #expect(throws: HTTPServerError.startFailed(address: "127.0.0.1", port: first.port, errno: EADDRINUSE)) {
            try second.start()
        }
    }
}
