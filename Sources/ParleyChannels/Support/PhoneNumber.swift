/// E.164 phone numbers as the messaging providers take them.
enum PhoneNumber {
    /// The digits of `+` followed by 8 to 15 digits, without the `+`; nil for anything else.
    static func e164Digits(_ text: String) -> String? {
        guard text.hasPrefix("+") else { return nil }
        let digits = text.dropFirst()
        guard (8...15).contains(digits.count), digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              !digits.hasPrefix("0") else { return nil }
        return String(digits)
    }
}
