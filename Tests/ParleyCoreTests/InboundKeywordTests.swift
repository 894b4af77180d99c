import Testing
@testable import ParleyCore

@Suite("Inbound keywords")
struct InboundKeywordTests {
    @Test(arguments: [
        ("STOP", InboundKeyword.stop), ("stop", .stop), ("stop.", .stop), ("  Stop!! ", .stop), ("UNSUBSCRIBE", .stop),
        ("cancel", .stop), ("End", .stop), ("quit", .stop), ("OPT OUT", .stop), ("opt   out", .stop), ("Opt-Out", .stop),
        ("OPTOUT", .stop), ("\"stop\"", .stop), ("रोकें", .stop), ("बंद", .stop), ("बंद करें", .stop), ("बंद करें।", .stop),
        ("HELP", .help), ("help?", .help), ("Info", .help), ("मदद", .help), ("सहायता", .help),
        ("PAY", .pay), ("pay\n", .pay), ("भुगतान", .pay),
        ("HINDI", .language("hi")), ("हिंदी", .language("hi")), ("हिन्दी", .language("hi")), ("lang hi", .language("hi")),
        ("LANG  HI", .language("hi")), ("English", .language("en")), ("अंग्रेज़ी", .language("en")), ("LANG EN", .language("en")),
        // The same word typed without the nukta, with the precomposed za (U+095B), and with a zero-width joiner.
        ("अंग्रेजी", .language("en")), ("अंग्रे\u{095B}ी", .language("en")), ("ब\u{200D}ंद", .stop),
        // Nukta written as a separate combining mark after ja, and the nasal written as anusvara.
        ("अंग्रे\u{091C}\u{093C}ी", .language("en")), ("हि\u{0902}दी", .language("hi")),
    ])
    func recognises(text: String, expected: InboundKeyword) {
        #expect(InboundKeyword.parse(text) == expected)
    }

    @Test(arguments: ["please stop calling me", "stop it", "STOP STOP", "st op", "stopp", "", "   ", "!!!", "helpful", "pay now",
                      "I will pay", "lang", "lang fr", "hindi please", "कृपया बंद करें", "मदद चाहिए", "endless", "opt in"])
    func ignoresEverythingElse(text: String) {
        #expect(InboundKeyword.parse(text) == nil)
    }

    @Test func normalisation() {
        #expect(InboundKeyword.normalise("  ¡Opt_out!  ") == "opt out")
        #expect(InboundKeyword.normalise("ज़\u{200C}") == "ज")
        #expect(Array(InboundKeyword.normalise("\u{095B}").unicodeScalars) == ["\u{091C}"])
    }
}
