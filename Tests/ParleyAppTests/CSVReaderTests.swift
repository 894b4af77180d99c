import Foundation
import Testing
@testable import ParleyApp

/// What a reader yields, in order: records and errors, up to the end or an unrecoverable error.
enum Read: Equatable, CustomStringConvertible {
    case record(Int, [String])
    case error(CSVError)

    var description: String {
        switch self {
        case .record(let line, let fields): return "record(\(line), \(fields))"
        case .error(let error): return "error(\(error))"
        }
    }
}

func readAll(_ reader: CSVReader) -> [Read] {
    var items: [Read] = []
    while true {
        do {
            guard let record = try reader.next() else { return items }
            items.append(.record(record.line, record.fields))
        } catch {
            items.append(.error(error))
            if !error.isRecoverable {
                // The reader must stay at the end after an unrecoverable error.
                #expect((try? reader.next()) == nil)
                return items
            }
        }
    }
}

/// Chunk sizes that put a buffer boundary at every possible offset of the small inputs below.
let chunkSizes = [1, 2, 3, 5, 7, 64, 256 * 1024]

func read(_ text: String, chunk: Int = 256 * 1024, limit: Int = 1 << 20) -> [Read] {
    readAll(CSVReader(bytes: Array(text.utf8), maxRecordBytes: limit, chunkSize: chunk))
}

func read(bytes: [UInt8], chunk: Int = 256 * 1024, limit: Int = 1 << 20) -> [Read] {
    readAll(CSVReader(bytes: bytes, maxRecordBytes: limit, chunkSize: chunk))
}

func error(_ kind: CSVError.Kind, line: Int, field: Int? = nil) -> Read {
    .error(CSVError(kind: kind, line: line, column: field))
}

@Suite("CSVReader: RFC 4180 parsing")
struct CSVParsingTests {
    @Test(arguments: chunkSizes)
    func plainRecords(chunk: Int) {
        #expect(read("a,b,c\n1,2,3\n", chunk: chunk) == [.record(1, ["a", "b", "c"]), .record(2, ["1", "2", "3"])])
    }

    @Test(arguments: chunkSizes)
    func quotedCommasNewlinesAndEscapedQuotes(chunk: Int) {
        let text = "id,name,note\n1,\"Sharma, Priya\",\"said \"\"hi\"\"\"\n2,\"two\nlines\r\nhere\",x\n3,last,\"\"\n"
        #expect(read(text, chunk: chunk) == [
            .record(1, ["id", "name", "note"]),
            .record(2, ["1", "Sharma, Priya", "said \"hi\""]),
            .record(3, ["2", "two\nlines\r\nhere", "x"]),
            .record(6, ["3", "last", ""]),
        ])
    }

    @Test(arguments: chunkSizes)
    func lineNumbersAfterMultiLineField(chunk: Int) {
        let text = "a,\"1\n2\n3\n4\"\nb,c\n"
        #expect(read(text, chunk: chunk) == [.record(1, ["a", "1\n2\n3\n4"]), .record(5, ["b", "c"])])
    }

    @Test(arguments: chunkSizes)
    func crlfAndLoneCRLineEndings(chunk: Int) {
        #expect(read("a,b\r\nc,d\r\n", chunk: chunk) == [.record(1, ["a", "b"]), .record(2, ["c", "d"])])
        #expect(read("a,b\rc,d\r", chunk: chunk) == [.record(1, ["a", "b"]), .record(2, ["c", "d"])])
        #expect(read("\"a\"\r\n\"b\"\r\n", chunk: chunk) == [.record(1, ["a"]), .record(2, ["b"])])
    }

    @Test(arguments: chunkSizes)
    func byteOrderMarkIsSkipped(chunk: Int) {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("loan_id,x\nL1,2\n".utf8)
        #expect(read(bytes: bytes, chunk: chunk) == [.record(1, ["loan_id", "x"]), .record(2, ["L1", "2"])])
        // A BOM anywhere but the start is data.
        #expect(read(bytes: Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8), chunk: chunk)
                == [.record(1, ["a"]), .record(2, ["\u{FEFF}b"])])
    }

    @Test(arguments: chunkSizes)
    func trailingNewlineOrNot(chunk: Int) {
        #expect(read("a,b\nc,d", chunk: chunk) == [.record(1, ["a", "b"]), .record(2, ["c", "d"])])
        #expect(read("a,b\nc,d\n", chunk: chunk) == [.record(1, ["a", "b"]), .record(2, ["c", "d"])])
        #expect(read("a,b\nc,d\n\n\r\n", chunk: chunk) == [.record(1, ["a", "b"]), .record(2, ["c", "d"])])
        #expect(read("a,\"b\"", chunk: chunk) == [.record(1, ["a", "b"])])
        #expect(read("a,", chunk: chunk) == [.record(1, ["a", ""])])
        #expect(read("", chunk: chunk) == [])
        #expect(read("\n", chunk: chunk) == [])
    }

    @Test(arguments: chunkSizes)
    func blankLineInTheMiddleIsARecordWithOneEmptyField(chunk: Int) {
        #expect(read("a,b\n\n\r\nc,d\n", chunk: chunk)
                == [.record(1, ["a", "b"]), .record(2, [""]), .record(3, [""]), .record(4, ["c", "d"])])
    }

    @Test(arguments: chunkSizes)
    func nonASCIIRoundTrips(chunk: Int) {
        #expect(read("प्रिया शर्मा,Zoë,\"Peña, José\"\n", chunk: chunk)
                == [.record(1, ["प्रिया शर्मा", "Zoë", "Peña, José"])])
    }

    @Test func spacesAreKept() {
        #expect(read(" a , b \n") == [.record(1, [" a ", " b "])])
    }

    @Test func bytesReadReachesTheFileSize() throws {
        let text = "a,b\n\"c\nd\",e\n"
        let reader = CSVReader(bytes: Array(text.utf8))
        _ = try reader.next()
        #expect(reader.bytesRead == 4)
        _ = try reader.next()
        #expect(try reader.next() == nil)
        #expect(reader.bytesRead == text.utf8.count)
    }
}

@Suite("CSVReader: errors and recovery")
struct CSVErrorTests {
    @Test(arguments: chunkSizes)
    func quoteInUnquotedFieldThenRecovers(chunk: Int) {
        #expect(read("a,b\nc,d\"e,f\ng,h\n", chunk: chunk)
                == [.record(1, ["a", "b"]), error(.quoteInUnquotedField, line: 2, field: 2), .record(3, ["g", "h"])])
    }

    @Test(arguments: chunkSizes)
    func textAfterClosingQuoteThenRecovers(chunk: Int) {
        #expect(read("a,b\n\"x\ny\",\"c\"d,e\ng,h\n", chunk: chunk)
                == [.record(1, ["a", "b"]), error(.textAfterClosingQuote, line: 2, field: 2), .record(4, ["g", "h"])])
    }

    @Test(arguments: chunkSizes)
    func unterminatedQuoteRunsToTheEnd(chunk: Int) {
        let items = read("a,b\nc,d\ne,\"f\ng,h\n", chunk: chunk)
        #expect(items == [.record(1, ["a", "b"]), .record(2, ["c", "d"]), error(.unterminatedQuote, line: 3)])
    }

    @Test(arguments: chunkSizes)
    func invalidUTF8SkipsTheRecord(chunk: Int) {
        var bytes = Array("id,name,x\n1,ok,y\n2,".utf8)
        bytes += Array("\"bad".utf8) + [0xC3, 0x28] + Array("\",z\n3,fine,w\n".utf8)
        #expect(read(bytes: bytes, chunk: chunk) == [
            .record(1, ["id", "name", "x"]), .record(2, ["1", "ok", "y"]),
            error(.invalidUTF8, line: 3, field: 2), .record(4, ["3", "fine", "w"]),
        ])
        // Bytes that cannot start a character, in the third field.
        #expect(read(bytes: Array("a,b,".utf8) + [0xFF] + Array("\nc\n".utf8), chunk: chunk)
                == [error(.invalidUTF8, line: 1, field: 3), .record(2, ["c"])])
    }

    @Test(arguments: chunkSizes)
    func recordTooLongThenRecovers(chunk: Int) {
        let items = read("a,b\n0123456789,0123456789\n\"0123\n456789\",\"x\n\"\nc,d\n", chunk: chunk, limit: 12)
        #expect(items == [
            .record(1, ["a", "b"]), error(.recordTooLong(limit: 12), line: 2),
            error(.recordTooLong(limit: 12), line: 3), .record(6, ["c", "d"]),
        ])
    }

    @Test func aRecordExactlyAtTheLimitIsAccepted() {
        #expect(read("0123456789\nabc\n", limit: 10) == [.record(1, ["0123456789"]), .record(2, ["abc"])])
        #expect(read("0123456789a\nabc\n", limit: 10)
                == [error(.recordTooLong(limit: 10), line: 1), .record(2, ["abc"])])
    }

    @Test func fiveMegabyteLineIsSkippedInBoundedMemory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-long-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = Array("head,er\n".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 5 << 20)
        bytes += Array(",tail\nnext,row\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let reader = try CSVReader(path: path, maxRecordBytes: 1 << 20)
        #expect(try reader.next() == CSVRecord(line: 1, fields: ["head", "er"]))
        #expect(throws: CSVError(kind: .recordTooLong(limit: 1 << 20), line: 2)) { try reader.next() }
        #expect(try reader.next() == CSVRecord(line: 3, fields: ["next", "row"]))
        #expect(try reader.next() == nil)
        #expect(reader.scratchCapacity <= (1 << 20) + 256 * 1024)
        #expect(reader.bytesRead == bytes.count)
    }

    @Test func missingFileIsAnIOError() {
        #expect {
            _ = try CSVReader(path: "/nonexistent/parley/loans.csv")
        } throws: { error in
            guard let error = error as? CSVError, case .io(let message) = error.kind else { return false }
            return message.contains("/nonexistent/parley/loans.csv") && !error.isRecoverable
        }
    }

    @Test(arguments: [
        (CSVError(kind: .invalidUTF8, line: 7, column: 3), "line 7, field 3: invalid UTF-8", true),
        (CSVError(kind: .unterminatedQuote, line: 12), "line 12: quoted field never closed (unterminated quote)", false),
        (CSVError(kind: .recordTooLong(limit: 1_048_576), line: 4), "line 4: record longer than 1048576 bytes", true),
        (CSVError(kind: .quoteInUnquotedField, line: 2, column: 1),
         "line 2, field 1: quote inside an unquoted field (quote the whole field and double any quote in it)", true),
        (CSVError(kind: .io("read failed: Input/output error"), line: 9), "line 9: read failed: Input/output error", false),
    ])
    func descriptions(error: CSVError, text: String, recoverable: Bool) {
        #expect(error.description == text)
        #expect(error.isRecoverable == recoverable)
    }
}

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test(arguments: [
        [], [0x41], [0xC3, 0xA9], [0xE0, 0xA4, 0xAA], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF0, 0x80, 0x80, 0xAF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0x80], [0xC3], [0xE0, 0xA4], [0xC3, 0x28],
        [0xE2, 0x82, 0x28], [0xF0, 0x9F, 0x98], [0x41, 0xF0, 0x9F, 0x98, 0x80, 0xBF],
    ] as [[UInt8]])
    func agreesWithTheStandardLibrary(bytes: [UInt8]) {
        let expected = String(validating: bytes, as: UTF8.self) != nil
        #expect(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == expected)
    }
}

@Suite("CSVWriter")
struct CSVWriterTests {
    @Test(arguments: [
        ("plain", "plain"), ("", ""), ("Sharma, Priya", "\"Sharma, Priya\""),
        ("Robert \"Bob\" Smith", "\"Robert \"\"Bob\"\" Smith\""), ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""), ("प्रिया शर्मा", "प्रिया शर्मा"),
    ])
    func escape(field: String, expected: String) {
        #expect(CSVWriter.escape(field) == expected)
    }

    @Test func writtenRowsReadBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csv-w-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = [["a", "Sharma, Priya", "x\"y"], ["", "multi\r\nline", "प्रिया"], ["last", "", ""]]
        let writer = try CSVWriter(path: path, bufferSize: 8)
        for row in rows { try writer.writeRow(row) }
        try writer.close()
        #expect(writer.rows == 3)
        let reader = try CSVReader(path: path)
        #expect(readAll(reader) == [.record(1, rows[0]), .record(2, rows[1]), .record(4, rows[2])])
    }
}
