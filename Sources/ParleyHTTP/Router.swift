#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Handles one request synchronously on the calling (worker) thread.
public typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse

/// Maps method and path to handlers; built once at startup, then only read.
///
/// No path match is a 404; a path match without the method is a 405 with
/// `Allow`; HEAD is served by the GET handler without a body.
public final class Router: Sendable {
    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: RoutePattern
        let name: String
        let handler: Handler
    }

    /// The route label for requests no route matched (bounded metric cardinality).
    public static let unmatchedRouteName = "unmatched"

    private let table = Mutex(RouteTable())
    private let errorLog: @Sendable (String) -> Void

    /// - Parameter errorLog: receives one line per unexpected handler error
    ///   (standard error by default), tagged with the request id.
    public init(errorLog: @escaping @Sendable (String) -> Void = Router.logToStandardError) {
        self.errorLog = errorLog
    }

    /// Registers `handler` for `method` on `pattern`; `name` labels logs and metrics.
    public func add(_ method: HTTPMethod, _ pattern: String, name: String? = nil, _ handler: @escaping Handler) {
        let route = Route(method: method, pattern: RoutePattern(pattern), name: name ?? pattern, handler: handler)
        table.withLock { $0.add(route) }
    }

    /// The answer to a method this server does not know (QUERY, a made-up verb): 405 with the path's
    /// `Allow` header when some route serves the path, else 404 — the same as for a known method no route takes.
    func unknownMethodError(target: String) -> HTTPError {
        let rawPath = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(target[..<$0]) } ?? target
        let segments = RoutePattern.segments(of: rawPath)
        var allowed = Set(table.withLock { $0 }.candidates(for: segments).filter { $0.pattern.match(segments) != nil }.map(\.method))
        guard !allowed.isEmpty else { return .notFound() }
        if allowed.contains(.GET) { allowed.insert(.HEAD) }
        return .methodNotAllowed(allow: HTTPMethod.allCases.filter(allowed.contains))
    }

    /// Runs the matching handler and maps every outcome, errors included, to a response.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        dispatch(request, keepHeadBody: false).response
    }

    /// The response and the matched route's name. The server keeps the body
    /// of a HEAD response so that MHD announces its length, then omits it.
    func dispatch(_ request: HTTPRequest, keepHeadBody: Bool) -> (response: HTTPResponse, route: String) {
        var request = request
        let segments = RoutePattern.segments(of: request.rawPath)
        var candidates: [(route: Route, parameters: [String: String])] = []
        for route in table.withLock({ $0 }).candidates(for: segments) {
            if let parameters = route.pattern.match(segments) { candidates.append((route, parameters)) }
        }
        var response: HTTPResponse
        var routeName = Self.unmatchedRouteName
        if candidates.isEmpty {
            response = HTTPError.notFound().response(for: request)
        } else if let chosen = Self.best(candidates, for: request.method) {
            routeName = chosen.route.name
            request.pathParameters = chosen.parameters
            request.routeName = routeName
            response = run(chosen.route.handler, request)
        } else {
            var allowed = Set(candidates.map(\.route.method))
            if allowed.contains(.GET) { allowed.insert(.HEAD) }
            let ordered = HTTPMethod.allCases.filter(allowed.contains)
            response = HTTPError.methodNotAllowed(allow: ordered).response(for: request)
        }
        response.headers.replaceOrAdd("X-Request-Id", request.requestID)
        if request.method == .HEAD, !keepHeadBody {
            response.body = []
        }
        return (response, routeName)
    }

    private static func best(
        _ candidates: [(route: Route, parameters: [String: String])], for method: HTTPMethod
    ) -> (route: Route, parameters: [String: String])? {
        var best: (route: Route, parameters: [String: String])?
        for candidate in candidates where candidate.route.method == method || (method == .HEAD && candidate.route.method == .GET) {
            guard let current = best else { best = candidate; continue }
            if candidate.route.pattern.isMoreSpecific(than: current.route.pattern)
                || (!current.route.pattern.isMoreSpecific(than: candidate.route.pattern)
                    && candidate.route.method == method && current.route.method != method) {
                best = candidate
            }
        }
        return best
    }

    private func run(_ handler: Handler, _ request: HTTPRequest) -> HTTPResponse {
        do {
            return try handler(request)
        } catch let error as HTTPError {
            return error.response(for: request)
        } catch {
            // The error text stays in the log; the client only gets the id to quote.
            errorLog("request \(request.requestID) \(request.method.rawValue) \(request.path) failed: \(String(reflecting: error))")
            return HTTPError(status: 500, message: "internal error, correlation id \(request.requestID)")
                .response(for: request)
        }
    }

    /// Writes one line to standard error.
    public static let logToStandardError: @Sendable (String) -> Void = { line in
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}

/// The routes, indexed so that a request is matched against the few that could fit it: those with its number
/// of segments whose first and last segments are its own or parameters, plus every route ending in a wildcard.
/// Filtering compares bytes only: no hashing, no allocation.
struct RouteTable: Sendable {
    private struct Entry: Sendable {
        let index: Int
        /// The first and last segments when literal; nil for a parameter.
        let first: String?
        let last: String?
    }

    private var routes: [Router.Route] = []
    /// Wildcard-free routes by their number of segments.
    private var bySegmentCount: [[Entry]] = []
    private var wildcards: [Int] = []

    mutating func add(_ route: Router.Route) {
        let index = routes.count
        routes.append(route)
        let segments = route.pattern.segments
        if route.pattern.hasWildcard {
            wildcards.append(index)
            return
        }
        while bySegmentCount.count <= segments.count { bySegmentCount.append([]) }
        bySegmentCount[segments.count].append(Entry(index: index, first: segments.first?.literal, last: segments.last?.literal))
    }

    /// The routes that could match, in the order they were added (which breaks ties between equal patterns).
    func candidates(for segments: [Substring]) -> [Router.Route] {
        var indices: [Int] = []
        if segments.count < bySegmentCount.count {
            for entry in bySegmentCount[segments.count] {
                if let first = entry.first, !RoutePattern.segment(segments[0], equals: first) { continue }
                if let last = entry.last, !RoutePattern.segment(segments[segments.count - 1], equals: last) { continue }
                indices.append(entry.index)
            }
        }
        if !wildcards.isEmpty {
            indices += wildcards
            indices.sort()
        }
        return indices.map { routes[$0] }
    }
}
