/// Parsing of the `Cookie` request header.
enum Cookies {
    /// `a=1; b="2"` → `["a": "1", "b": "2"]`; the first occurrence of a name
    /// wins, as browsers send the most specific cookie first.
    static func parse(_ headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headerValues {
            // Split on bytes: `;`, `=` and `"` are ASCII, so every cut falls on a character boundary.
            for piece in header.utf8.split(separator: UInt8(ascii: ";")) {
                guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
                let name = Substring(piece[..<equals]).trimmingASCIIWhitespace()
                guard !name.isEmpty, cookies[name] == nil else { continue }
                var value = Substring(piece[piece.index(after: equals)...]).trimmingASCIIWhitespace()
                if value.utf8.count >= 2, value.utf8.first == UInt8(ascii: "\""), value.utf8.last == UInt8(ascii: "\"") {
                    value = String(value.dropFirst().dropLast())
                }
                cookies[name] = value
            }
        }
        return cookies
    }
}
