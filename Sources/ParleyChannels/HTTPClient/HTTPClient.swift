internal import CCurl

/// A blocking HTTP/1.1 and HTTP/2 client on libcurl, safe to share between threads.
///
/// Each call runs on the caller's thread (a dispatch worker, never a Swift concurrency task) with an easy handle
/// of its own from a small pool, so that connections to a provider are kept alive between calls.
public final class HTTPClient: Sendable {
    public struct Configuration: Sendable, Equatable {
        public var connectTimeout: Duration
        /// The whole exchange, connection included.
        public var timeout: Duration
        /// Idle handles (and so kept-alive connections) kept for reuse.
        public var maxIdleHandles: Int
        public var maxResponseBytes: Int
        public var userAgent: String

        public init(connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(10), maxIdleHandles: Int = 8,
                    maxResponseBytes: Int = 1 << 20, userAgent: String = "Parley") {
            self.connectTimeout = connectTimeout; self.timeout = timeout
            self.maxIdleHandles = maxIdleHandles; self.maxResponseBytes = maxResponseBytes; self.userAgent = userAgent
        }
    }

    public let configuration: Configuration
    private let pool: CurlHandlePool

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        pool = CurlHandlePool(capacity: configuration.maxIdleHandles)
    }

    /// Sends the request and waits for the complete response. Network failures are values, never traps.
    public func send(_ request: HTTPClientRequest) -> Result<HTTPClientResponse, HTTPClientError> {
        let target = HTTPClientError.safeTarget(method: request.method.rawValue, url: request.url)
        do {
            try request.validate()
        } catch {
            return .failure(error)
        }
        switch pool.withHandle({ easy in exchange(request, target: target, on: easy) }) {
        case .success(let result): return result
        case .failure(let setup): return .failure(HTTPClientError(kind: .setup, target: target, curlCode: setup.code, detail: setup.detail))
        }
    }

    /// Idle pooled handles, for tests and metrics.
    public var idleHandles: Int { pool.idleCount }

    private func exchange(_ request: HTTPClientRequest, target: String, on easy: CurlEasy) -> Result<HTTPClientResponse, HTTPClientError> {
        let transfer = CurlTransfer(maxBodyBytes: configuration.maxResponseBytes)
        let code: CURLcode
        do throws(CurlSetupError) {
            try easy.prepare()
            try easy.set(CURLOPT_URL, request.url)
            try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
            try easy.set(CURLOPT_TIMEOUT_MS, Self.milliseconds(configuration.timeout))
            try easy.set(CURLOPT_USERAGENT, configuration.userAgent)
            // `Expect:` off: no extra round trip before small JSON and form bodies.
            let headers = try CurlStringList(request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"])
            try easy.set(CURLOPT_HTTPHEADER, pointer: headers.pointer.map { UnsafeRawPointer($0) })
            // An empty body still needs a valid pointer, or libcurl would read the POST body from stdin.
            let body = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, request.body.count), alignment: 1)
            defer { body.deallocate() }
            body.copyBytes(from: request.body)
            try setMethod(request, body: UnsafeRawPointer(body.baseAddress!), on: easy)
            code = try withExtendedLifetime(headers) { () throws(CurlSetupError) -> CURLcode in try transfer.run(on: easy) }
        } catch {
            return .failure(HTTPClientError(kind: .setup, target: target, curlCode: error.code, detail: error.detail))
        }
        guard code == CURLE_OK else {
            let kind: HTTPClientError.Kind = transfer.exceededLimit ? .responseTooLarge : Self.kind(of: code)
            let detail = transfer.exceededLimit ? "the response exceeds \(configuration.maxResponseBytes) bytes" : easy.errorDetail(code)
            return .failure(HTTPClientError(kind: kind, target: target, curlCode: Int(code.rawValue), detail: detail))
        }
        return .success(HTTPClientResponse(status: easy.longInfo(CURLINFO_RESPONSE_CODE), headers: transfer.headers,
                                           body: transfer.body, newConnections: easy.longInfo(CURLINFO_NUM_CONNECTS),
                                           elapsedSeconds: easy.doubleInfo(CURLINFO_TOTAL_TIME)))
    }

    private func setMethod(_ request: HTTPClientRequest, body: UnsafeRawPointer, on easy: CurlEasy) throws(CurlSetupError) {
        switch request.method {
        case .GET:
            try easy.set(CURLOPT_HTTPGET, 1)
        case .HEAD:
            try easy.set(CURLOPT_NOBODY, 1)
        case .POST, .PUT, .PATCH, .DELETE:
            if request.method != .POST { try easy.set(CURLOPT_CUSTOMREQUEST, request.method.rawValue) }
            guard request.method == .POST || !request.body.isEmpty else { return }
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(request.body.count))
            try easy.set(CURLOPT_POSTFIELDS, pointer: body)
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    static func kind(of code: CURLcode) -> HTTPClientError.Kind {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: .hostNotFound
        case CURLE_COULDNT_CONNECT: .connectionFailed
        case CURLE_OPERATION_TIMEDOUT: .timedOut
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR: .tls
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM: .connectionLost
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: .invalidRequest
        default: .transferFailed
        }
    }
}
