/// Parsing of the `Cookie` request header.
enum Cookies {
    /// `a=1; b="2"` → `["a": "1", "b": "2"]`; the first occurrence of a name
    /// wins, as browsers send the most specific cookie first.
    static func parse(_ headers: HTTPHeaders) -> [String: String] {
        var cookies: [String: String] = [:]
        for field in headers where HTTPHeaders.same(field.name, "Cookie") {
            scan(field.value) { name, value in
                let name = String(decoding: name, as: UTF8.self)
                if cookies[name] == nil { cookies[name] = String(decoding: value, as: UTF8.self) }
                return true
            }
        }
        return cookies
    }

    /// The first value of each of two cookies, found in one pass without building the dictionary (a request
    /// usually needs one or two).
    static func values(named first: String, _ second: String, in headers: HTTPHeaders) -> (String?, String?) {
        var found: (String?, String?) = (nil, nil)
        var first = first, second = second
        first.withUTF8 { wantedFirst in
            second.withUTF8 { wantedSecond in
                for field in headers where HTTPHeaders.same(field.name, "Cookie") {
                    scan(field.value) { candidate, value in
                        if found.0 == nil, candidate.elementsEqual(wantedFirst) {
                            found.0 = String(decoding: value, as: UTF8.self)
                        } else if found.1 == nil, candidate.elementsEqual(wantedSecond) {
                            found.1 = String(decoding: value, as: UTF8.self)
                        }
                        return found.0 == nil || found.1 == nil
                    }
                }
            }
        }
        return found
    }

    /// Calls `body` with the trimmed name and value bytes of each `name=value` pair of one header value (quotes
    /// around a value removed), until it returns false. `;`, `=`, `"`, space and tab are ASCII, so every cut falls on
    /// a character boundary.
    private static func scan(_ header: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool) {
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
                var (valueStart, valueEnd) = trimmed(bytes, equals + 1, pieceEnd)
                if valueEnd - valueStart >= 2, bytes[valueStart] == UInt8(ascii: "\""), bytes[valueEnd - 1] == UInt8(ascii: "\"") {
                    valueStart += 1
                    valueEnd -= 1
                }
                guard body(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]),
                           UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])) else { return }
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
