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

    /// Routes are added under the lock (at startup, in practice); each add publishes a new immutable index that
    /// requests read without locking, so workers never contend for the routing table.
    private let table = Mutex(RouteTable())
    private let published = PublishedRoutes()
    private let errorLog: @Sendable (String) -> Void

    /// - Parameter errorLog: receives one line per unexpected handler error
    ///   (standard error by default), tagged with the request id.
    public init(errorLog: @escaping @Sendable (String) -> Void = Router.logToStandardError) {
        self.errorLog = errorLog
    }

    /// Registers `handler` for `method` on `pattern`; `name` labels logs and metrics.
    public func add(_ method: HTTPMethod, _ pattern: String, name: String? = nil, _ handler: @escaping Handler) {
        let route = Route(method: method, pattern: RoutePattern(pattern), name: name ?? pattern, handler: handler)
        table.withLock { table in
            table.add(route)
            published.publish(table)
        }
    }

    /// The answer to a method this server does not know (QUERY, a made-up verb): 405 with the path's
    /// `Allow` header when some route serves the path, else 404 — the same as for a known method no route takes.
    func unknownMethodError(target: String) -> HTTPError {
        let rawPath = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(target[..<$0]) } ?? target
        let allowed = allowedMethods(RawPath(rawPath), in: published.current)
        return allowed.isEmpty ? .notFound() : .methodNotAllowed(allow: allowed)
    }

    /// The methods some route serves on this path, HEAD with GET, in `HTTPMethod` order (for 405's `Allow`).
    private func allowedMethods(_ path: RawPath, in routes: RouteTable) -> [HTTPMethod] {
        var allowed = Set<HTTPMethod>()
        routes.forEachCandidate(for: path) { route in
            if route.pattern.match(path) != nil { allowed.insert(route.method) }
        }
        if allowed.contains(.GET) { allowed.insert(.HEAD) }
        return HTTPMethod.allCases.filter(allowed.contains)
    }

    /// Runs the matching handler and maps every outcome, errors included, to a response.
    public func respond(to request: HTTPRequest) -> HTTPResponse {
        dispatch(request, keepHeadBody: false).response
    }

    /// The response and the matched route's name. The server keeps the body
    /// of a HEAD response so that MHD announces its length, then omits it.
    func dispatch(_ request: HTTPRequest, keepHeadBody: Bool) -> (response: HTTPResponse, route: String) {
        var request = request
        let segments = RawPath(request.rawPath)
        let routes = published.current
        // The best route for the method, matched in one pass; parameters are captured only for routes of the method.
        var chosen: (route: Route, parameters: [String: String])?
        var pathMatched = false
        routes.forEachCandidate(for: segments) { route in
            let serves = route.method == request.method || (request.method == .HEAD && route.method == .GET)
            guard serves else {
                if !pathMatched, route.pattern.match(segments) != nil { pathMatched = true }
                return
            }
            if let current = chosen, !Self.prefers(route, over: current.route, for: request.method) { return }
            guard let parameters = route.pattern.match(segments) else { return }
            pathMatched = true
            chosen = (route, parameters)
        }
        var response: HTTPResponse
        var routeName = Self.unmatchedRouteName
        if let chosen {
            routeName = chosen.route.name
            request.pathParameters = chosen.parameters
            request.routeName = routeName
            response = run(chosen.route.handler, request)
        } else if pathMatched {
            response = HTTPError.methodNotAllowed(allow: allowedMethods(segments, in: routes)).response(for: request)
        } else {
            response = HTTPError.notFound().response(for: request)
        }
        response.headers.replaceOrAdd("X-Request-Id", request.requestID)
        if request.method == .HEAD, !keepHeadBody {
            response.body = []
        }
        return (response, routeName)
    }

    /// Whether `candidate` should serve instead of `current`: a more specific pattern wins; between equally
    /// specific ones, the route of the request's own method beats GET serving a HEAD; otherwise the first added stays.
    private static func prefers(_ candidate: Route, over current: Route, for method: HTTPMethod) -> Bool {
        candidate.pattern.isMoreSpecific(than: current.pattern)
            || (!current.pattern.isMoreSpecific(than: candidate.pattern) && candidate.method == method && current.method != method)
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
        /// The bytes of the first and last segments when literal; nil for a parameter.
        let first: [UInt8]?
        let last: [UInt8]?
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
        let literals = route.pattern.literalBytes
        bySegmentCount[segments.count].append(Entry(index: index, first: segments.first?.literal == nil ? nil : literals.first,
                                                    last: segments.last?.literal == nil ? nil : literals.last))
    }

    /// Calls `body` with each route that could match, in the order they were added (which breaks ties between
    /// equal patterns): the routes of the path's segment count whose literal first and last segments agree, merged
    /// with the wildcard routes. Compares bytes only and allocates nothing.
    func forEachCandidate(for segments: RawPath, _ body: (Router.Route) -> Void) {
        let entries = segments.count < bySegmentCount.count ? bySegmentCount[segments.count] : []
        var entry = 0, wildcard = 0
        while entry < entries.count || wildcard < wildcards.count {
            if wildcard < wildcards.count, entry == entries.count || wildcards[wildcard] < entries[entry].index {
                body(routes[wildcards[wildcard]])
                wildcard += 1
                continue
            }
            let candidate = entries[entry]
            entry += 1
            if let first = candidate.first, !segments.segment(0, equals: first) { continue }
            if let last = candidate.last, !segments.segment(segments.count - 1, equals: last) { continue }
            body(routes[candidate.index])
        }
    }
}

/// The latest route index, read without a lock.
///
/// Every index ever published stays alive (in `retained`) for the router's lifetime, so a reader that loaded an
/// older pointer keeps a valid table; indexes are published only when routes are added, a few dozen times at startup.
private final class PublishedRoutes: Sendable {
    final class Box: Sendable {
        let table: RouteTable
        init(_ table: RouteTable) { self.table = table }
    }

    /// The current box's address (an `Int`, as raw pointers are not `Sendable`).
    private let address = Atomic<Int>(0)
    private let retained = Mutex<[Box]>([])

    init() {
        publish(RouteTable())
    }

    func publish(_ table: RouteTable) {
        let box = Box(table)
        retained.withLock { $0.append(box) }
        address.store(Int(bitPattern: Unmanaged.passUnretained(box).toOpaque()), ordering: .releasing)
    }

    var current: RouteTable {
        // Never nil after init; the box is kept alive by `retained`.
        _read { yield Unmanaged<Box>.fromOpaque(UnsafeRawPointer(bitPattern: address.load(ordering: .acquiring))!).takeUnretainedValue().table }
    }
}
