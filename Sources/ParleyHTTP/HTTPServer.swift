#if canImport(Glibc)
import Glibc
#endif
internal import CMicroHTTPD
import Synchronization

/// Why the server could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case alreadyStarted
    case startFailed(address: String, port: Int, errno: Int32)

    public var description: String {
        switch self {
        case .alreadyStarted:
            "the HTTP server was already started"
        case .startFailed(let address, let port, let code):
            "cannot listen on \(address):\(port): \(String(cString: strerror(code)))"
        }
    }
}

/// An HTTP/1.1 server on GNU libmicrohttpd: a pool of worker threads, each
/// running epoll over its connections and calling handlers synchronously.
public final class HTTPServer: Sendable {
    /// Borrowed by MHD's callbacks through an `Unmanaged` reference.
    let core: ServerCore
    private let state = Mutex<RunState>(.idle)

    private enum RunState {
        case idle
        case running(RunningDaemon)
        case stopped
    }

    public init(
        configuration: ServerConfiguration = ServerConfiguration(),
        router: Router,
        accessLog: (@Sendable (AccessLogEntry) -> Void)? = nil,
        metrics: HTTPMetrics = HTTPMetrics()
    ) {
        core = ServerCore(configuration: configuration, router: router, accessLog: accessLog, metrics: metrics)
    }

    deinit {
        stop(graceTimeout: 0)
    }

    public var configuration: ServerConfiguration { core.configuration }
    public var metrics: HTTPMetrics { core.metrics }

    /// Binds and starts the worker threads; returns once the port is listening.
    public func start() throws(HTTPServerError) {
        try state.withLock { (state: inout RunState) throws(HTTPServerError) in
            guard case .idle = state else { throw .alreadyStarted }
            state = .running(try RunningDaemon.start(core))
        }
    }

    /// The port actually bound (useful with port 0), or 0 when not running.
    public var port: Int {
        state.withLock { state in
            if case .running(let daemon) = state { daemon.port } else { 0 }
        }
    }

    /// Requests received and not yet completed.
    public var requestsInFlight: Int { core.inFlight.load(ordering: .acquiring) }

    /// Stops accepting connections, lets in-flight requests finish for up to
    /// `graceTimeout` seconds, then closes everything. Safe to call twice.
    public func stop(graceTimeout: Double = 10) {
        let daemon: RunningDaemon? = state.withLock { state in
            guard case .running(let daemon) = state else { return nil }
            state = .stopped
            return daemon
        }
        daemon?.stop(graceTimeout: graceTimeout, inFlight: core.inFlight)
    }
}

/// What the C callbacks need; immutable apart from the in-flight counter.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let router: Router
    let accessLog: (@Sendable (AccessLogEntry) -> Void)?
    let metrics: HTTPMetrics
    /// Requests between MHD's URI callback and its completion callback.
    let inFlight = Atomic<Int>(0)

    init(configuration: ServerConfiguration, router: Router,
         accessLog: (@Sendable (AccessLogEntry) -> Void)?, metrics: HTTPMetrics) {
        self.configuration = configuration
        self.router = router
        self.accessLog = accessLog
        self.metrics = metrics
    }
}

/// A started MHD daemon and the retained context its callbacks borrow.
///
/// `@unchecked Sendable`: the daemon pointer and the Unmanaged reference are
/// only used under `HTTPServer.state`'s lock or after being taken out of it
/// exactly once by `stop`, and MHD's quiesce/stop calls are safe from any thread.
private struct RunningDaemon: @unchecked Sendable {
    let daemon: OpaquePointer
    let context: Unmanaged<ServerCore>
    let port: Int

    static func start(_ core: ServerCore) throws(HTTPServerError) -> RunningDaemon {
        let configuration = core.configuration
        let context = Unmanaged.passRetained(core)
        let flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue | MHD_USE_ITC.rawValue
        let daemon = parley_mhd_start(
            flags, configuration.bindAddress, UInt16(clamping: configuration.port),
            accessHandlerCallback, context.toOpaque(),
            requestCompletedCallback, context.toOpaque(),
            uriLogCallback, context.toOpaque(),
            UInt32(clamping: max(1, configuration.threads)),
            UInt32(clamping: configuration.connectionTimeoutSeconds),
            UInt32(clamping: configuration.connectionLimit),
            configuration.perConnectionMemoryBytes)
        guard let daemon else {
            let code = errno
            context.release()
            throw .startFailed(address: configuration.bindAddress, port: configuration.port, errno: code)
        }
        return RunningDaemon(daemon: daemon, context: context, port: Int(parley_mhd_bind_port(daemon)))
    }

    func stop(graceTimeout: Double, inFlight: borrowing Atomic<Int>) {
        let listener = MHD_quiesce_daemon(daemon)
        let deadline = MonotonicClock.nanoseconds() + UInt64(max(0, graceTimeout) * 1e9)
        while inFlight.load(ordering: .acquiring) > 0, MonotonicClock.nanoseconds() < deadline {
            usleep(5_000)
        }
        MHD_stop_daemon(daemon)
        // MHD hands the quiesced listening socket back to us, to close only after stopping.
        if listener >= 0 { close(listener) }
        context.release()
    }
}
