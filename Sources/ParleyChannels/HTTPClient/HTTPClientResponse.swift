/// A complete response: status, header fields (case-insensitive lookup) and body bytes.
public struct HTTPClientResponse: Sendable, Equatable {
    public var status: Int
    public var headers: HTTPClientHeaders
    public var body: [UInt8]
    /// Connections libcurl had to open for this exchange: 0 when a kept-alive connection was reused.
    public var newConnections: Int
    /// The whole exchange as libcurl timed it, for latency metrics.
    public var elapsedSeconds: Double

    public init(status: Int, headers: HTTPClientHeaders = HTTPClientHeaders(), body: [UInt8] = [], newConnections: Int = 0,
                elapsedSeconds: Double = 0) {
        self.status = status; self.headers = headers; self.body = body; self.newConnections = newConnections
        self.elapsedSeconds = elapsedSeconds
    }

    /// The body as UTF-8 text, or nil when it is not valid UTF-8.
    public var bodyText: String? { String(validating: body, as: UTF8.self) }
}
