internal import CCurl

/// How an SMTP submission failed: the server's reply code when it answered, else libcurl's code and message.
public struct SMTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The server answered a command with a 4xx or 5xx reply.
        case rejected
        /// AUTH failed (bad credentials or no common mechanism).
        case loginDenied = "login denied"
        /// `starttls: required` and the server offered no STARTTLS.
        case tlsUnavailable = "STARTTLS unavailable"
        case tls = "TLS failure"
        case connectionFailed = "could not connect"
        case timedOut = "timed out"
        case setup = "client setup failed"
        case transferFailed = "transfer failed"
    }

    public let kind: Kind
    /// The last SMTP reply code (e.g. 450, 550), 0 when the server never answered.
    public let replyCode: Int
    public let curlCode: Int
    public let detail: String

    public var description: String { "smtp \(kind.rawValue), reply \(replyCode) (curl \(curlCode): \(detail))" }
}

/// Mail submission on libcurl's SMTP: `MAIL FROM`, `RCPT TO`, `DATA` from memory, with STARTTLS and AUTH as
/// configured. Blocking and thread-safe; pooled handles keep the connection to the server alive.
public final class SMTPClient: Sendable {
    /// `CURLOPT_USE_SSL`: whether the session must, may or must not upgrade with STARTTLS.
    public enum StartTLS: String, Sendable, Equatable {
        case required, optional, off
    }

    public struct Configuration: Sendable, Equatable {
        /// `smtp://host:port` (STARTTLS per `startTLS`) or `smtps://host:port` (implicit TLS).
        public var url: String
        public var startTLS: StartTLS
        public var username: String?
        public var password: Secret?
        /// A PEM bundle to trust instead of the system store (a private CA, a test certificate).
        public var caFile: String?
        public var connectTimeout: Duration
        public var timeout: Duration

        public init(url: String, startTLS: StartTLS = .required, username: String? = nil, password: Secret? = nil,
                    caFile: String? = nil, connectTimeout: Duration = .seconds(5), timeout: Duration = .seconds(30)) {
            self.url = url; self.startTLS = startTLS; self.username = username; self.password = password
            self.caFile = caFile; self.connectTimeout = connectTimeout; self.timeout = timeout
        }
    }

    public let configuration: Configuration
    private let pool = CurlHandlePool(capacity: 4)

    public init(configuration: Configuration) { self.configuration = configuration }

    /// Submits `data` (a complete message with CRLF line endings) for `recipients`; returns the final reply code.
    public func submit(from sender: String, recipients: [String], data: [UInt8]) -> Result<Int, SMTPClientError> {
        switch pool.withHandle({ easy in submit(sender, recipients, data, on: easy) }) {
        case .success(let result): return result
        case .failure(let error): return .failure(SMTPClientError(kind: .setup, replyCode: 0, curlCode: error.code, detail: error.detail))
        }
    }

    private func submit(_ sender: String, _ recipients: [String], _ data: [UInt8], on easy: CurlEasy) -> Result<Int, SMTPClientError> {
        let transfer = CurlTransfer(maxBodyBytes: 1 << 16, upload: data)
        let code: CURLcode
        do throws(CurlSetupError) {
            try easy.prepare()
            try easy.set(CURLOPT_URL, configuration.url)
            try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, HTTPClient.milliseconds(configuration.connectTimeout))
            try easy.set(CURLOPT_TIMEOUT_MS, HTTPClient.milliseconds(configuration.timeout))
            try easy.set(CURLOPT_USE_SSL, Int(Self.useSSL(configuration.startTLS).rawValue))
            if let caFile = configuration.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
            if let username = configuration.username { try easy.set(CURLOPT_USERNAME, username) }
            if let password = configuration.password { try easy.set(CURLOPT_PASSWORD, password.value) }
            try easy.set(CURLOPT_MAIL_FROM, "<\(sender)>")
            let recipientList = try CurlStringList(recipients.map { "<\($0)>" })
            try easy.set(CURLOPT_MAIL_RCPT, pointer: recipientList.pointer.map { UnsafeRawPointer($0) })
            try easy.set(CURLOPT_UPLOAD, 1)
            try easy.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(data.count))
            code = try withExtendedLifetime(recipientList) { () throws(CurlSetupError) -> CURLcode in
                try transfer.run(on: easy, uploading: true)
            }
        } catch {
            return .failure(SMTPClientError(kind: .setup, replyCode: 0, curlCode: error.code, detail: error.detail))
        }
        let reply = easy.longInfo(CURLINFO_RESPONSE_CODE)
        guard code == CURLE_OK else {
            return .failure(SMTPClientError(kind: Self.kind(of: code, reply: reply), replyCode: reply,
                                            curlCode: Int(code.rawValue), detail: easy.errorDetail(code)))
        }
        return .success(reply)
    }

    static func useSSL(_ policy: StartTLS) -> curl_usessl {
        switch policy {
        case .required: CURLUSESSL_ALL
        case .optional: CURLUSESSL_TRY
        case .off: CURLUSESSL_NONE
        }
    }

    static func kind(of code: CURLcode, reply: Int) -> SMTPClientError.Kind {
        switch code {
        case CURLE_LOGIN_DENIED: return .loginDenied
        case CURLE_USE_SSL_FAILED: return .tlsUnavailable
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE: return .tls
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST: return .connectionFailed
        case CURLE_OPERATION_TIMEDOUT: return .timedOut
        default: return (400...599).contains(reply) ? .rejected : .transferFailed
        }
    }
}
