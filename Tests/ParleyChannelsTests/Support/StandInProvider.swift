#if canImport(Glibc)
import Glibc
#endif
import ParleyHTTP
import Synchronization

/// A provider stand-in: Parley's own HTTP server on 127.0.0.1 and a free port, which records every request
/// (any method, any path) and answers with the responses queued by the test, in order.
final class StandInProvider: Sendable {
    /// What the handler threads share with the test.
    private final class Exchange: Sendable {
        let recorded = Mutex<[HTTPRequest]>([])
        let queued = Mutex<[(response: HTTPResponse, delayMilliseconds: UInt32)]>([])
    }

    private let server: HTTPServer
    private let exchange = Exchange()

    init() throws {
        let router = Router(errorLog: { _ in })
        let exchange = exchange
        let handler: Handler = { request in
            exchange.recorded.withLock { $0.append(request) }
            let next = exchange.queued.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            guard let next else { return .text("no response queued", status: 599) }
            if next.delayMilliseconds > 0 { usleep(next.delayMilliseconds * 1000) }
            return next.response
        }
        for method in [HTTPMethod.GET, .POST, .PUT, .PATCH, .DELETE] { router.add(method, "/*path", handler) }
        server = HTTPServer(configuration: ServerConfiguration(bindAddress: "127.0.0.1", port: 0, threads: 2), router: router)
        try server.start()
    }

    deinit { server.stop(graceTimeout: 1) }

    /// `http://127.0.0.1:PORT`, to use as the provider's `base_url`.
    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// Queues the next answer.
    func answer(_ status: Int, json: String, headers: [(String, String)] = [], delayMilliseconds: UInt32 = 0) {
        var response = HTTPResponse.json(json, status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        exchange.queued.withLock { $0.append((response, delayMilliseconds)) }
    }

    var requests: [HTTPRequest] { exchange.recorded.withLock { $0 } }
}
