import Testing
@testable import ParleyHTTP

@Suite struct MultipartTests {
    static let boundary = "----ParleyBoundary7MA4YWxkTrZu0gW"

    /// A binary payload with CRLFs, a fake boundary prefix and every byte value.
    static let binary: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 13, 10, 26, 10, 13, 10, 13, 10]
        + Array("--".utf8) + [0, 255, 13, 10, 45, 45] + (0...255).map { UInt8($0) }

    static func body() -> [UInt8] {
        let delimiter = "--\(boundary)"
        var body: [UInt8] = Array("preamble to ignore\r\n".utf8)
        body += Array("\(delimiter)\r\nContent-Disposition: form-data; name=\"statement\"\r\n\r\n".utf8)
        body += Array("मेरी आय कम हो गई है\r\nदूसरी पंक्ति".utf8)
        body += Array("\r\n\(delimiter)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"bank; \\\"statement\\\".png\"\r\nContent-Type: image/png\r\n\r\n".utf8)
        body += binary
        body += Array("\r\n\(delimiter)\r\ncontent-disposition: form-data; name=empty\r\n\r\n".utf8)
        body += Array("\r\n\(delimiter)--\r\nepilogue".utf8)
        return body
    }

    static func request(_ body: [UInt8], contentType: String = "multipart/form-data; boundary=\"\(boundary)\"") -> HTTPRequest {
        HTTPRequest(method: .POST, target: "/upload", headers: ["Content-Type": contentType], body: body)
    }

    @Test func parsesTextAndBinaryParts() throws {
        let parts = try Self.request(Self.body()).multipartParts()
        #expect(parts.count == 3)
        #expect(parts[0].name == "statement")
        #expect(parts[0].filename == nil)
        #expect(parts[0].text == "मेरी आय कम हो गई है\r\nदूसरी पंक्ति")
        #expect(parts[1].name == "document")
        #expect(parts[1].filename == "bank; \"statement\".png")
        #expect(parts[1].contentType == "image/png")
        #expect(parts[1].data == Self.binary)
        #expect(parts[2].name == "empty")
        #expect(parts[2].data.isEmpty)
    }

    @Test func parsesAHindiFileName() throws {
        let body = Array("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"बयान.pdf\"\r\n\r\nx\r\n--b--\r\n".utf8)
        let parts = try Self.request(body, contentType: "multipart/form-data; boundary=b").multipartParts()
        #expect(parts == [MultipartPart(name: "f", filename: "बयान.pdf", headers: ["Content-Disposition": "form-data; name=\"f\"; filename=\"बयान.pdf\""], data: [120])])
    }

    @Test(arguments: [
        ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"),
        ("multipart/form-data; boundary=b", "no boundary at all"),
        ("multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--"),
        ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nheaders never end"),
        ("multipart/form-data", "--b\r\n\r\nx\r\n--b--"),
        ("application/x-www-form-urlencoded", "a=1"),
    ])
    func malformedMultipartIs400(contentType: String, body: String) {
        let request = Self.request(Array(body.utf8), contentType: contentType)
        do {
            _ = try request.multipartParts()
            Issue.record("expected a 400")
        } catch {
            #expect(error.status == 400)
        }
    }
}
