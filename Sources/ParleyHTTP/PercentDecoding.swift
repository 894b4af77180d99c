/// Percent-decoding for paths, query strings and form bodies.
enum PercentDecoding {
    /// Decodes `%XX` escapes (and `+` as a space when `plusAsSpace`).
    /// Returns nil for a broken escape or bytes that are not UTF-8.
    static func decode<S: StringProtocol>(_ text: S, plusAsSpace: Bool) -> String? {
        // Fast path: most paths and values carry nothing to decode.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(text)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue),
                      let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Decodes leniently: a broken escape is kept as written.
    static func decodeLeniently<S: StringProtocol>(_ text: S, plusAsSpace: Bool) -> String {
        decode(text, plusAsSpace: plusAsSpace) ?? String(text)
    }

    /// Splits `a=1&b=2` into decoded pairs; nil when any part is malformed.
    static func pairs<S: StringProtocol>(_ text: S, lenient: Bool) -> [(name: String, value: String)]? {
        var result: [(name: String, value: String)] = []
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0]
            let rawValue = parts.count > 1 ? parts[1] : ""
            if lenient {
                result.append((decodeLeniently(rawName, plusAsSpace: true),
                               decodeLeniently(rawValue, plusAsSpace: true)))
            } else {
                guard let name = decode(rawName, plusAsSpace: true),
                      let value = decode(rawValue, plusAsSpace: true) else { return nil }
                result.append((name, value))
            }
        }
        return result
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
