/// Parsing of the `Cookie` request header.
enum Cookies {
    /// `a=1; b="2"` → `["a": "1", "b": "2"]`; the first occurrence of a name
    /// wins, as browsers send the most specific cookie first.
    static func parse(_ headerValues: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headerValues {
            for piece in header.split(separator: ";") {
                let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = pair[0].trimmingASCIIWhitespace()
                guard !name.isEmpty, pair.count == 2, cookies[name] == nil else { continue }
                var value = pair[1].trimmingASCIIWhitespace()
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                    value = String(value.dropFirst().dropLast())
                }
                cookies[name] = value
            }
        }
        return cookies
    }
}
