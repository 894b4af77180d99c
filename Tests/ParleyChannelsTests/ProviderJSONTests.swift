import ParleyCore
import Testing
@testable import ParleyChannels

@Suite("Reading provider answers")
struct ProviderJSONTests {
    @Test func decimalsBecomeStringsAndTheRestIsKept() throws {
        let value = try #require(ProviderJSON.parse(Array(#"{"Price":0.18,"n":-3,"e":1e5,"s":"a \"0.5\" b","list":[1.5,2]}"#.utf8)))
        #expect(value == ["Price": "0.18", "n": -3, "e": "1e5", "s": "a \"0.5\" b", "list": ["1.5", 2]])
    }

    @Test func garbageIsNil() {
        #expect(ProviderJSON.parse(Array("<html>502 Bad Gateway</html>".utf8)) == nil)
        #expect(ProviderJSON.parse([]) == nil)
    }

    @Test(arguments: [("7", 7), (" 120 ", 120), ("Wed, 21 Oct 2026 07:28:00 GMT", nil), ("-1", nil)] as [(String, Int?)])
    func retryAfterInSeconds(value: String, expected: Int?) {
        #expect(ProviderAnswer.retryAfterSeconds(["Retry-After": value]) == expected)
    }

    @Test func scrubbingMasksLongDigitRunsAndControls() {
        #expect(ProviderAnswer.scrub("(#131026) to 919876543210\r\nok") == "(#131026) to ############ok")
        #expect(ProviderAnswer.scrub(String(repeating: "a", count: 300)).count == 201)
    }
}
