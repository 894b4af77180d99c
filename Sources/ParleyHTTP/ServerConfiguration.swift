#if canImport(Glibc)
import Glibc
#endif

/// Listening address, worker threads and the limits that protect them.
public struct ServerConfiguration: Sendable {
    /// An IPv4 or IPv6 literal; TLS is terminated by a reverse proxy in front.
    public var bindAddress: String
    /// 0 asks the kernel for a free port; read it back from `HTTPServer.port`.
    public var port: Int
    /// Worker threads, each running epoll over its share of the connections. Handlers run on them and block on
    /// the database (a lock held by a writer, a page read from disk, a commit's sync), so the default is twice the
    /// cores, at least 4: a core whose worker waits can run another.
    public var threads: Int
    /// The largest body accepted, except for multipart/form-data.
    public var maxBodyBytes: Int
    /// The largest multipart/form-data body accepted (uploads).
    public var maxMultipartBytes: Int
    /// An idle or slow connection is closed after this long without progress.
    public var connectionTimeoutSeconds: Int
    public var connectionLimit: Int
    /// MHD's per-connection memory pool, which holds the request head and read
    /// buffer. MHD clears it between requests, so bigger costs throughput.
    public var perConnectionMemoryBytes: Int

    public init(
        bindAddress: String = "127.0.0.1",
        port: Int = 8080,
        threads: Int = max(4, 2 * ServerConfiguration.processorCount),
        maxBodyBytes: Int = 1 << 20,
        maxMultipartBytes: Int = 10 << 20,
        connectionTimeoutSeconds: Int = 30,
        connectionLimit: Int = 1024,
        perConnectionMemoryBytes: Int = 32 << 10
    ) {
        self.bindAddress = bindAddress
        self.port = port
        self.threads = threads
        self.maxBodyBytes = maxBodyBytes
        self.maxMultipartBytes = maxMultipartBytes
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.connectionLimit = connectionLimit
        self.perConnectionMemoryBytes = perConnectionMemoryBytes
    }

    /// Online processors, at least 1.
    public static var processorCount: Int {
        max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// The body limit for a request with this `Content-Type`.
    func bodyLimit(contentType: String?) -> Int {
        if let contentType, MediaType.essence(of: contentType) == "multipart/form-data" {
            return maxMultipartBytes
        }
        return maxBodyBytes
    }
}
