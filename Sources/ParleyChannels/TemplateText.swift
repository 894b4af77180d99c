/// Byte-level scanning of template texts: `{{name}}` placeholders and DLT `{#var#}` markers. Templates are rendered
/// for every message, so this works on UTF-8 bytes rather than on `Character`s (the markers are ASCII, and a match
/// of ASCII bytes never falls inside a multi-byte character).
enum TemplateText {
    /// The text cut at `{{name}}` placeholders: `literals.count == names.count + 1`.
    static func placeholders(_ text: String) -> (literals: [String], names: [String]) {
        let bytes = Array(text.utf8)
        var literals: [String] = [], names: [String] = []
        var start = 0, index = 0
        while let open = find([0x7B, 0x7B], in: bytes, from: index),
              let close = find([0x7D, 0x7D], in: bytes, from: open + 2) {
            literals.append(String(decoding: bytes[start..<open], as: UTF8.self))
            names.append(String(decoding: bytes[(open + 2)..<close], as: UTF8.self))
            start = close + 2
            index = start
        }
        literals.append(String(decoding: bytes[start...], as: UTF8.self))
        return (literals, names)
    }

    /// `text` split at every occurrence of `separator`.
    static func split(_ text: String, on separator: String) -> [String] {
        let bytes = Array(text.utf8), pattern = Array(separator.utf8)
        var parts: [String] = [], start = 0
        while let found = find(pattern, in: bytes, from: start) {
            parts.append(String(decoding: bytes[start..<found], as: UTF8.self))
            start = found + pattern.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count >= pattern.count, from <= bytes.count - pattern.count else { return nil }
        var index = from
        let first = pattern[0], last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] { matched = false; break }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
