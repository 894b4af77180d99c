#if canImport(Glibc)
import Glibc
#endif
import ParleyHTTP

public enum ClientError: Error, Equatable {
    case connect(errno: Int32)
    case send(errno: Int32)
    case closed
    case malformed(String)
}

/// A blocking HTTP/1.1 client over one TCP connection, for the live-server tests of every module.
public final class SocketClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    public init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5) throws(ClientError) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw .connect(errno: errno) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let code = errno
            close(descriptor)
            throw .connect(errno: code)
        }
    }

    deinit { close(descriptor) }

    public static func requestBytes(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for field in headers { head += "\(field.name): \(field.value)\r\n" }
        if !body.isEmpty, !headers.contains("Content-Length"), !headers.contains("Transfer-Encoding") {
            head += "Content-Length: \(body.count)\r\n"
        }
        return Array((head + "\r\n").utf8) + body
    }

    public func send(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw .send(errno: errno) }
            offset += sent
        }
    }

    public func request(_ method: String, _ target: String, headers: HTTPHeaders = [:], body: [UInt8] = []) throws(ClientError) -> HTTPResponse {
        try send(Self.requestBytes(method, target, headers: headers, body: body))
        return try readResponse(bodyless: method == "HEAD")
    }

    /// Reads one response; `Content-Length` framing only (what MHD sends for buffers).
    public func readResponse(bodyless: Bool = false) throws(ClientError) -> HTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find(separator, in: buffer)
            if headEnd == nil { try fill() }
        }
        guard let headEnd, let head = String(validating: buffer[..<headEnd], as: UTF8.self) else {
            throw .malformed("head")
        }
        var lines = head.split(separator: "\r\n").makeIterator()
        guard let statusLine = lines.next(), statusLine.split(separator: " ").count >= 2,
              let status = Int(statusLine.split(separator: " ")[1]) else { throw .malformed("status line") }
        var headers = HTTPHeaders()
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":") else { throw .malformed("header") }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }))
        }
        let length = bodyless ? 0 : Int(headers["Content-Length"] ?? "0") ?? 0
        let bodyStart = headEnd + 4
        while buffer.count < bodyStart + length { try fill() }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).first { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// True when the server has closed its side (a read returns end of file).
    public func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    private func fill() throws(ClientError) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard received > 0 else { throw .closed }
        buffer.append(contentsOf: chunk[0..<received])
    }
}
