/// A one-word command a borrower can send on any channel, in English or Hindi.
public enum InboundKeyword: Hashable, Sendable {
    /// Opt out of the channel the message came on.
    case stop
    /// Ask for help (the reply explains the keywords and how to reach a person).
    case help
    /// Ask for a payment link.
    case pay
    /// Choose the language of future messages (`hi`, `en`).
    case language(String)

    /// The keyword a whole message stands for, or nil when it is anything else. Case, surrounding
    /// whitespace and punctuation, repeated inner spaces, hyphens, and Devanagari nukta and
    /// zero-width joiners do not matter; a sentence that merely contains a keyword is not one.
    public static func parse(_ text: String) -> InboundKeyword? {
        table[normalise(text)]
    }

    private static let phrases: [(InboundKeyword, [String])] = [
        (.stop, ["STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPT OUT", "OPTOUT", "रोकें", "बंद", "बंद करें"]),
        (.help, ["HELP", "INFO", "मदद", "सहायता"]),
        (.pay, ["PAY", "भुगतान"]),
        (.language("hi"), ["HINDI", "हिंदी", "हिन्दी", "LANG HI"]),
        (.language("en"), ["ENGLISH", "अंग्रेज़ी", "LANG EN"]),
    ]

    private static let table: [String: InboundKeyword] = {
        var table: [String: InboundKeyword] = [:]
        for (keyword, words) in phrases {
            for word in words { table[normalise(word)] = keyword }
        }
        return table
    }()

    /// Lower case, outer whitespace and punctuation trimmed, inner runs of spaces, hyphens and
    /// underscores made one space, nukta forms reduced to their base letters, joiners dropped.
    static func normalise(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x093C, 0x200C, 0x200D, 0xFEFF: continue // nukta, ZWNJ, ZWJ, BOM
            case 0x002D, 0x005F: scalars.append(" ")
            default: scalars.append(nuktaBase[scalar.value].flatMap(Unicode.Scalar.init) ?? scalar)
            }
        }
        let lowered = String(scalars).lowercased()
        let outer: (Character) -> Bool = { $0.isWhitespace || $0.isPunctuation }
        var trimmed = Substring(lowered).drop(while: outer)
        while let last = trimmed.last, outer(last) { trimmed.removeLast() }
        return trimmed.split { $0.isWhitespace }.joined(separator: " ")
    }

    /// Precomposed Devanagari letters with nukta, mapped to the letter without it.
    private static let nuktaBase: [UInt32: UInt32] = [
        0x0929: 0x0928, 0x0931: 0x0930, 0x0934: 0x0933, 0x0958: 0x0915, 0x0959: 0x0916,
        0x095A: 0x0917, 0x095B: 0x091C, 0x095C: 0x0921, 0x095D: 0x0922, 0x095E: 0x092B, 0x095F: 0x092F,
    ]
}
