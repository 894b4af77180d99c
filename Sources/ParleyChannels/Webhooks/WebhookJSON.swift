import ParleyCore

/// Reads a provider's JSON body with ParleyCore's strict parser.
///
/// That parser accepts integers only (Parley's own documents keep money exact). Providers do send
/// fractions, e.g. a WhatsApp location message's `latitude`; refusing the whole notification for a field
/// Parley never reads would make the provider retry it for days. So fractional and exponent numbers outside
/// strings are passed on as their literal text, quoted. Integers and everything else are untouched.
enum WebhookJSON {
    /// Parses `body` (UTF-8 JSON). Parser positions refer to the body as given, except after a quoted fraction.
    static func parse(_ body: [UInt8]) throws(WebhookError) -> JSONValue {
        guard let text = String(validating: quotingFractions(body), as: UTF8.self) else {
            throw .invalidValue(path: "body", reason: "not valid UTF-8")
        }
        do {
            return try JSONParser.parse(text)
        } catch {
            throw .malformedJSON(line: error.line, column: error.column, reason: error.reason)
        }
    }

    /// `{"lat":38.98,"n":2}` becomes `{"lat":"38.98","n":2}`; bytes inside strings are never touched.
    static func quotingFractions(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0, copiedUpTo = 0
        var inString = false
        while index < body.count {
            let byte = body[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true; index += 1; continue }
            guard byte == UInt8(ascii: "-") || isDigit(byte) else { index += 1; continue }
            let start = index
            var fractional = false
            while index < body.count, isNumberByte(body[index]) {
                if [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(body[index]) { fractional = true }
                index += 1
            }
            guard fractional else { continue }
            if out.isEmpty { out.reserveCapacity(body.count + 16) }
            out.append(contentsOf: body[copiedUpTo..<start])
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: body[start..<index])
            out.append(UInt8(ascii: "\""))
            copiedUpTo = index
        }
        // Fast path: nothing was quoted, hand the body back as it came.
        if copiedUpTo == 0 { return body }
        out.append(contentsOf: body[copiedUpTo...])
        return out
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(byte)
    }
}
