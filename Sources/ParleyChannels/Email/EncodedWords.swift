/// RFC 2047 `=?UTF-8?B?…?=` encoded words for header text that is not plain ASCII.
enum EncodedWords {
    /// RFC 2047 §2: a line holding encoded words is at most 76 characters.
    static let lineLimit = 76
    private static let prefix = "=?UTF-8?B?", suffix = "?="

    /// `text` as one or more encoded words, folded (CRLF + space) so that no line exceeds 76 characters.
    /// `alreadyUsed` is the length of what precedes the value on the first line, e.g. 9 for `Subject: `.
    /// Words break between characters, never inside one, so each word decodes to valid UTF-8 on its own.
    static func encode(_ text: String, alreadyUsed: Int) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        var budget = maxBytes(lineRoom: lineLimit - alreadyUsed)
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > budget {
                words.append(word(chunk))
                chunk = []
                budget = maxBytes(lineRoom: lineLimit - 1)
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    /// Whether a header value can go out as it is: printable ASCII only.
    static func isPlain(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func word(_ bytes: [UInt8]) -> String { prefix + Base64.encode(bytes) + suffix }

    /// The most UTF-8 bytes whose encoded word fits in `lineRoom` characters (at least one 3-byte group).
    private static func maxBytes(lineRoom: Int) -> Int {
        let groups = (lineRoom - prefix.count - suffix.count) / 4
        return max(1, groups) * 3
    }
}
