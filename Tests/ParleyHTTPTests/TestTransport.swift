@testable import ParleyHTTP
import ParleyTestSupport

/// Runs the same test body against the router in-process and over a real socket.
enum Transport: String, CaseIterable, Sendable, CustomStringConvertible {
    case inProcess, live
    var description: String { rawValue }
}

/// Sends requests through one transport; the live one reuses a keep-alive connection.
final class TestClient {
    private let router: Router
    private let server: HTTPServer?
    private var connection: SocketClient?

    init(_ transport: Transport, router: Router, configuration: ServerConfiguration = .test) throws {
        self.router = router
        switch transport {
        case .inProcess:
            server = nil
        case .live:
            let server = HTTPServer(configuration: configuration, router: router)
            try server.start()
            self.server = server
            connection = try SocketClient(port: server.port)
        }
    }

    deinit { server?.stop(graceTimeout: 1) }

    func execute(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) throws -> HTTPResponse {
        guard let connection else {
            return router.respond(to: HTTPRequest(method: method, target: target, headers: headers, body: body))
        }
        return try connection.request(method.rawValue, target, headers: headers, body: body)
    }
}

extension ServerConfiguration {
    static var test: ServerConfiguration { ServerConfiguration(port: 0, threads: 2) }
}
