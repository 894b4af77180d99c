/// `application/x-www-form-urlencoded` bodies (what Exotel posts to status and inbound callbacks).
///
/// ParleyHTTP has its own reader, but ParleyChannels must not depend on the HTTP layer; this one is strict
/// in the same way: `+` is a space, `%XX` is a byte, a broken escape or bytes that are not UTF-8 are errors.
public enum FormURLEncoded {
    /// The fields of `body`, first value per name (as ParleyHTTP's `formFields`).
    public static func fields(_ body: [UInt8]) throws(WebhookError) -> [String: String] {
        var fields: [String: String] = [:]
        for item in try items(body) where fields[item.name] == nil {
            fields[item.name] = item.value
        }
        return fields
    }

    /// Every `name=value` pair of `body` in order, repeated names included; empty pieces (`a=1&&b=2`) are skipped.
    public static func items(_ body: [UInt8]) throws(WebhookError) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        var start = 0
        while start <= body.count {
            let end = body[start...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
            if end > start {
                let piece = body[start..<end]
                let equals = piece.firstIndex(of: UInt8(ascii: "=")) ?? end
                let name = try decode(body, start..<equals, what: "a field name")
                let value = equals < end ? try decode(body, (equals + 1)..<end, what: "the value of \"\(name)\"") : ""
                result.append((name, value))
            }
            start = end + 1
        }
        return result
    }

    /// Decodes `body[range]`; offsets in errors count bytes from the start of the body.
    private static func decode(_ body: [UInt8], _ range: Range<Int>, what: String) throws(WebhookError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = body[index]
            switch byte {
            case UInt8(ascii: "%"):
                guard index + 2 < range.upperBound, let high = hexValue(body[index + 1]), let low = hexValue(body[index + 2]) else {
                    throw .malformedForm(reason: "invalid percent-encoding at byte \(index)")
                }
                bytes.append(high << 4 | low)
                index += 3
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
                index += 1
            default:
                bytes.append(byte)
                index += 1
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .malformedForm(reason: "\(what) is not valid UTF-8")
        }
        return text
    }

    /// The value of one hexadecimal digit (either case); nil for any other byte.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
