import ParleyCore

/// Reads provider answers with ParleyCore's strict parser.
///
/// Providers put decimals in their JSON (Exotel's `Price: 0.18`), which `JSONParser` refuses by design;
/// such numbers are turned into strings before parsing so that one odd field never hides the message id.
enum ProviderJSON {
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONParser.parse(String(decoding: quotingDecimals(bytes), as: UTF8.self))
    }

    /// Wraps every number that has a fraction or an exponent in quotes; strings are left untouched.
    static func quotingDecimals(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                out.append(byte)
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    out.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                inString = true
                out.append(byte)
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "-") || isDigit(byte) else {
                out.append(byte)
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
            let number = bytes[index..<end]
            if number.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                out.append(UInt8(ascii: "\""))
                out += number
                out.append(UInt8(ascii: "\""))
            } else {
                out += number
            }
            index = end
        }
        return out
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
