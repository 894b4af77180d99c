/// E.164 phone numbers: as the providers take them, and from the forms they put in callbacks.
enum PhoneNumbers {
    /// The digits of `+` followed by 8 to 15 digits (no leading 0), without the `+`, as provider APIs take them;
    /// nil for anything else.
    static func e164Digits(_ text: String) -> String? {
        guard text.hasPrefix("+") else { return nil }
        return e164(international: text).map { String($0.dropFirst()) }
    }

    /// A number already in international form: `+` and digits, or bare digits with the country code
    /// (WhatsApp's `wa_id`, `from` and `recipient_id`). 8 to 15 digits, not starting with 0.
    static func e164(international text: String) -> String? {
        let digits = text.hasPrefix("+") ? Substring(text.dropFirst()) : Substring(text)
        guard (8...15).contains(digits.utf8.count), digits.utf8.allSatisfy(isDigit),
              digits.utf8.first != UInt8(ascii: "0") else { return nil }
        return "+" + digits
    }

    /// A number as Exotel writes it for India: `0XXXXXXXXXX` (trunk prefix), a bare ten-digit mobile
    /// `XXXXXXXXXX`, `91XXXXXXXXXX`, or already `+…` (kept as it is when it is valid E.164).
    static func e164(exotel text: String) -> String? {
        if text.hasPrefix("+") { return e164(international: text) }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy(isDigit) else { return nil }
        switch bytes.count {
        case 11 where bytes[0] == UInt8(ascii: "0") && bytes[1] != UInt8(ascii: "0"):
            return "+91" + text.dropFirst()
        case 10 where (UInt8(ascii: "6")...UInt8(ascii: "9")).contains(bytes[0]):
            return "+91" + text
        case 12 where text.hasPrefix("91") && bytes[2] != UInt8(ascii: "0"):
            return "+" + text
        default:
            return nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
