internal import CMicroHTTPD

/// A strict RFC 7578 reader over a complete body held in memory.
enum MultipartParser {
    private static let crlf: [UInt8] = [13, 10]
    private static let headerEnd: [UInt8] = [13, 10, 13, 10]

    static func parse(_ body: [UInt8], boundary: String) throws(HTTPError) -> [MultipartPart] {
        let delimiter = Array("--\(boundary)".utf8)
        let nextDelimiter = crlf + delimiter
        // The first delimiter opens the body, possibly after a preamble.
        var position: Int
        if body.starts(with: delimiter) {
            position = delimiter.count
        } else if let found = find(nextDelimiter, in: body, from: 0) {
            position = found + nextDelimiter.count
        } else {
            throw malformed("no opening boundary")
        }
        var parts: [MultipartPart] = []
        while true {
            if has([45, 45], in: body, at: position) { return parts }  // "--": the close
            while position < body.count, body[position] == 32 || body[position] == 9 { position += 1 }
            guard has(crlf, in: body, at: position) else { throw malformed("boundary not followed by CRLF") }
            position += 2
            let headerBytes: ArraySlice<UInt8>
            let dataStart: Int
            if has(crlf, in: body, at: position) {
                headerBytes = []
                dataStart = position + 2
            } else if let end = find(headerEnd, in: body, from: position) {
                headerBytes = body[position..<end]
                dataStart = end + 4
            } else {
                throw malformed("part headers not terminated")
            }
            guard let dataEnd = find(nextDelimiter, in: body, from: dataStart) else {
                throw malformed("part not terminated by a boundary")
            }
            parts.append(try part(headerBytes: headerBytes, data: Array(body[dataStart..<dataEnd])))
            position = dataEnd + nextDelimiter.count
        }
    }

    private static func part(headerBytes: ArraySlice<UInt8>, data: [UInt8]) throws(HTTPError) -> MultipartPart {
        guard let text = String(validating: headerBytes, as: UTF8.self) else {
            throw malformed("part headers are not UTF-8")
        }
        var headers = HTTPHeaders()
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("bad part header line") }
            headers.add(line[..<colon].trimmingASCIIWhitespace(),
                        line[line.index(after: colon)...].trimmingASCIIWhitespace())
        }
        guard let disposition = headers["Content-Disposition"] else {
            throw malformed("part without Content-Disposition")
        }
        let (kind, parameters) = parseDisposition(disposition)
        guard kind == "form-data", let name = parameters["name"] else {
            throw malformed("part is not form-data with a name")
        }
        return MultipartPart(name: name, filename: parameters["filename"],
                             contentType: headers["Content-Type"], headers: headers, data: data)
    }

    /// `form-data; name="a"; filename="x;y.pdf"` → ("form-data", parameters);
    /// quoted strings may hold `;` and backslash escapes.
    static func parseDisposition(_ value: String) -> (String, [String: String]) {
        var parameters: [String: String] = [:]
        var characters = Substring(value)
        func take(while predicate: (Character) -> Bool) -> Substring {
            let end = characters.firstIndex { !predicate($0) } ?? characters.endIndex
            defer { characters = characters[end...] }
            return characters[..<end]
        }
        let kind = take { $0 != ";" }.trimmingASCIIWhitespace().lowercased()
        while !characters.isEmpty {
            characters = characters.dropFirst()  // the ';'
            let name = take { $0 != "=" && $0 != ";" }.trimmingASCIIWhitespace().lowercased()
            guard characters.first == "=" else { continue }
            characters = characters.dropFirst()
            _ = take { $0 == " " || $0 == "\t" }
            var parameterValue = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                var escaped = false
                while let character = characters.first {
                    characters = characters.dropFirst()
                    if escaped { parameterValue.append(character); escaped = false }
                    else if character == "\\" { escaped = true }
                    else if character == "\"" { break }
                    else { parameterValue.append(character) }
                }
                _ = take { $0 != ";" }
            } else {
                parameterValue = take { $0 != ";" }.trimmingASCIIWhitespace()
            }
            if !name.isEmpty, parameters[name] == nil { parameters[name] = parameterValue }
        }
        return (kind, parameters)
    }

    private static func malformed(_ reason: String) -> HTTPError {
        .badRequest("malformed multipart body: \(reason)")
    }

    private static func has(_ bytes: [UInt8], in body: [UInt8], at position: Int) -> Bool {
        position + bytes.count <= body.count && body[position..<(position + bytes.count)].elementsEqual(bytes)
    }

    /// The offset of `needle` in `haystack` at or after `start` (memmem).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard start <= haystack.count, !needle.isEmpty else { return nil }
        return haystack.withUnsafeBytes { hay -> Int? in
            needle.withUnsafeBytes { pin -> Int? in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress,
                      let found = parley_memmem(hayBase + start, hay.count - start, pinBase, pin.count) else {
                    return nil
                }
                return hayBase.distance(to: UnsafeRawPointer(found))
            }
        }
    }
}
