/// Parsing of the `Cookie` request header.
enum Cookies {
    /// `a=1; b="2"` → `["a": "1", "b": "2"]`; the first occurrence of a name
    /// wins, as browsers send the most specific cookie first.
    static func parse(_ headers: HTTPHeaders) -> [String: String] {
        var cookies: [String: String] = [:]
        for field in headers where HTTPHeaders.same(field.name, "Cookie") {
            add(field.value, to: &cookies)
        }
        return cookies
    }

    /// Adds the pairs of one `Cookie` header value, scanning its bytes once: `;`, `=`, `"`, space and tab are
    /// ASCII, so every cut falls on a character boundary. Runs on every request.
    static func add(_ header: String, to cookies: inout [String: String]) {
        var header = header
        header.withUTF8 { bytes in
            var pieceStart = 0
            while pieceStart < bytes.count {
                var pieceEnd = pieceStart
                while pieceEnd < bytes.count, bytes[pieceEnd] != UInt8(ascii: ";") { pieceEnd += 1 }
                defer { pieceStart = pieceEnd + 1 }
                var equals = pieceStart
                while equals < pieceEnd, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                guard equals < pieceEnd else { continue }
                let (nameStart, nameEnd) = trimmed(bytes, pieceStart, equals)
                guard nameStart < nameEnd else { continue }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self)
                guard cookies[name] == nil else { continue }
                var (valueStart, valueEnd) = trimmed(bytes, equals + 1, pieceEnd)
                if valueEnd - valueStart >= 2, bytes[valueStart] == UInt8(ascii: "\""), bytes[valueEnd - 1] == UInt8(ascii: "\"") {
                    valueStart += 1
                    valueEnd -= 1
                }
                cookies[name] = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self)
            }
        }
    }

    /// The range without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, Int) {
        var start = start, end = end
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        return (start, end)
    }
}
