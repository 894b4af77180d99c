import Testing
@testable import ParleyHTTP

@Suite struct RequestParsingTests {
    @Test func targetIsSplitIntoDecodedPathAndQuery() {
        let request = HTTPRequest(method: .GET, target: "/search%20here/x?q=a+b%26c&page=2&q=second&flag&name=%E0%A4%A8%E0%A4%AE")
        #expect(request.path == "/search here/x")
        #expect(request.rawQuery == "q=a+b%26c&page=2&q=second&flag&name=%E0%A4%A8%E0%A4%AE")
        #expect(request.query == ["q": "a b&c", "page": "2", "flag": "", "name": "नम"])
        #expect(request.queryItems.map(\.name) == ["q", "page", "q", "flag", "name"])
        #expect(request.queryItems[2].value == "second")
    }

    @Test func brokenEscapesInTheTargetAreKeptAsWritten() {
        let request = HTTPRequest(method: .GET, target: "/a%zz?x=%G1")
        #expect(request.path == "/a%zz")
        #expect(request.query["x"] == "%G1")
    }

    @Test func cookiesAreParsedFirstOccurrenceWins() {
        let request = HTTPRequest(method: .GET, target: "/", headers: [
            "Cookie": "session=abc123; lang=hi;  theme=\"dark\" ; session=later; broken; =novalue",
        ])
        #expect(request.cookies == ["session": "abc123", "lang": "hi", "theme": "dark"])
        let twoHeaders = HTTPRequest(method: .GET, target: "/", headers: HTTPHeaders([("Cookie", "a=1"), ("cookie", "b=2; a=3")]))
        #expect(twoHeaders.cookies == ["a": "1", "b": "2"])
        // One cookie looked up without the dictionary agrees with it, name by name.
        for (name, value) in request.cookies { #expect(request.cookie(name) == value) }
        #expect(twoHeaders.cookie("a") == "1")
        #expect(twoHeaders.cookie("b") == "2")
        #expect(request.cookie("sess") == nil)
        #expect(request.cookie("broken") == nil)
        #expect(request.cookie("") == nil)
        #expect(request.cookies("theme", "session") == ("dark", "abc123"))
        #expect(request.cookies("lang", "missing") == ("hi", nil))
        #expect(twoHeaders.cookies("b", "a") == ("2", "1"))
    }

    @Test func setCookieRendersAttributes() {
        var response = HTTPResponse.text("ok")
        response.setCookie(name: "session", value: "tok3n", maxAge: 3600, httpOnly: true, secure: true, sameSite: .strict)
        response.setCookie(name: "lang", value: "hi", httpOnly: false, sameSite: nil, path: "/portal")
        #expect(response.headers.values("Set-Cookie") == [
            "session=tok3n; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict",
            "lang=hi; Path=/portal",
        ])
    }

    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders()
        headers.add("Accept", "text/html")
        headers.add("accept", "application/json")
        #expect(headers["ACCEPT"] == "text/html")
        #expect(headers.values("Accept") == ["text/html", "application/json"])
        headers.replaceOrAdd("aCCept", "*/*")
        #expect(headers.values("accept") == ["*/*"])
        #expect(headers.count == 1)
    }

    @Test func formFieldsDecodeUTF8AndPlus() throws {
        let body = "name=%E0%A4%B0%E0%A4%BE%E0%A4%9C%E0%A5%87%E0%A4%B6+%E0%A4%95%E0%A5%81%E0%A4%AE%E0%A4%BE%E0%A4%B0&amount=1%2C500.00&note=&amount=2"
        let request = HTTPRequest(method: .POST, target: "/form",
                                  headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"],
                                  body: Array(body.utf8))
        #expect(try request.formFields() == ["name": "राजेश कुमार", "amount": "1,500.00", "note": ""])
        #expect(try request.formItems().count == 4)
    }

    @Test(arguments: [
        ("application/x-www-form-urlencoded", "a=%E0%A4"),   // truncated UTF-8
        ("application/x-www-form-urlencoded", "a=%Z1"),      // broken escape
        ("application/json", "a=1"),                         // wrong content type
    ])
    func malformedFormsAre400(contentType: String, body: String) {
        let request = HTTPRequest(method: .POST, target: "/", headers: ["Content-Type": contentType], body: Array(body.utf8))
        #expect(throws: HTTPError.self) { try request.formFields() }
        do {
            _ = try request.formFields()
        } catch {
            #expect(error.status == 400)
        }
    }

    @Test func accessLogLineIsJSON() {
        let entry = AccessLogEntry(time: "2026-01-02T03:04:05.678Z", requestID: "abc", method: "GET", path: "/x \"y\"",
                                   route: "/x", status: 200, bytes: 2, durationMilliseconds: 1.23456, remoteAddress: "127.0.0.1")
        #expect(entry.jsonLine == #"{"time":"2026-01-02T03:04:05.678Z","request_id":"abc","method":"GET","path":"/x \"y\"","route":"/x","status":200,"bytes":2,"duration_ms":1.235,"remote":"127.0.0.1"}"#)
        let now = AccessLogEntry.now()
        #expect(now.count == 24)
        #expect(now.hasSuffix("Z"))
    }
}
