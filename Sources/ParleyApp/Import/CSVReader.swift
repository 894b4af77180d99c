/// A streaming RFC 4180 reader: memory stays near `maxRecordBytes` plus one read buffer whatever the file size.
///
/// Records end at LF, CRLF or a lone CR; quoted fields may hold commas, quotes (doubled) and line breaks.
/// Errors are reported when the offending record has been consumed, so after a recoverable error the
/// next call to `next()` returns the following record (the importer's skip-bad-rows mode relies on it).
/// Not thread-safe: one owner reads it.
public final class CSVReader {
    /// Bytes consumed so far (BOM included), for progress reporting.
    public private(set) var bytesRead: Int = 0

    let maxRecordBytes: Int
    private let source: ByteSource
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var position = 0
    private var end = 0
    /// Bytes of input that lie before `buffer[0]`.
    private var consumedBefore = 0
    /// The physical line at `position`.
    private var line = 1
    private var sourceExhausted = false
    private var started = false
    private let chunkSize: Int
    private var finished = false
    /// A record ended at CR, so an LF that follows belongs to it.
    private var swallowLF = false
    private var pendingBlankLines = 0
    private var nextBlankLine = 0
    /// Decoded bytes of the record being parsed, and where each field ends in them.
    private var store = FieldStore()

    static let defaultChunkSize = 256 * 1024

    /// Opens `path` for reading.
    public convenience init(path: String, maxRecordBytes: Int = 1 << 20) throws(CSVError) {
        try self.init(path: path, maxRecordBytes: maxRecordBytes, chunkSize: CSVReader.defaultChunkSize)
    }

    /// Reads from bytes already in memory (tests, API bodies).
    public convenience init(bytes: [UInt8], maxRecordBytes: Int = 1 << 20) {
        self.init(source: ByteSource(bytes: bytes), maxRecordBytes: maxRecordBytes, chunkSize: CSVReader.defaultChunkSize)
    }

    /// A small `chunkSize` lets tests put buffer boundaries everywhere.
    convenience init(path: String, maxRecordBytes: Int, chunkSize: Int) throws(CSVError) {
        self.init(source: try ByteSource(path: path), maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
    }

    convenience init(bytes: [UInt8], maxRecordBytes: Int = 1 << 20, chunkSize: Int) {
        self.init(source: ByteSource(bytes: bytes), maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
    }

    init(source: ByteSource, maxRecordBytes: Int, chunkSize: Int) {
        precondition(maxRecordBytes > 0 && chunkSize > 0)
        self.source = source
        self.maxRecordBytes = maxRecordBytes
        self.chunkSize = chunkSize
        buffer = .allocate(capacity: max(chunkSize, 4))
    }

    deinit {
        buffer.deallocate()
        store.deallocate()
    }

    /// Capacity held for the current record, so tests can check memory stays bounded.
    var scratchCapacity: Int { store.byteCapacity }

    /// The next record, or nil at the end of the input.
    ///
    /// Blank lines at the end of the input yield nothing; a blank line followed by more data yields a record
    /// with one empty field.
    public func next() throws(CSVError) -> CSVRecord? {
        if pendingBlankLines > 0 {
            pendingBlankLines -= 1
            nextBlankLine += 1
            return CSVRecord(line: nextBlankLine - 1, fields: [""])
        }
        if finished { return nil }
        if !started {
            started = true
            try skipByteOrderMark()
        }

        var blanks = 0, firstBlank = 0
        while true {
            if position == end {
                guard try refill() else {
                    finished = true
                    return nil
                }
            }
            let byte = buffer[position]
            if swallowLF {
                swallowLF = false
                if byte == Byte.lf { position += 1; continue }
            }
            guard byte == Byte.lf || byte == Byte.cr else { break }
            if blanks == 0 { firstBlank = line }
            blanks += 1
            line += 1
            position += 1
            swallowLF = byte == Byte.cr
        }
        if blanks > 0 {
            pendingBlankLines = blanks - 1
            nextBlankLine = firstBlank + 1
            bytesRead = consumedBefore + position
            return CSVRecord(line: firstBlank, fields: [""])
        }
        return try parseRecord()
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    private func parseRecord() throws(CSVError) -> CSVRecord {
        let recordLine = line
        var store = self.store
        defer { self.store = store }
        store.reset()

        let limit = maxRecordBytes
        var state = State.fieldStart
        var raw = 0                    // input bytes of this record so far
        var highBits: UInt8 = 0        // OR of stored bytes: < 0x80 means ASCII
        var problem: (kind: CSVError.Kind, column: Int?)?
        var storing = true
        var base = buffer.baseAddress!
        var p = position, e = end

        parsing: while true {
            if p == e {
                position = p
                guard try refill() else {
                    if state == .quoted {
                        finished = true
                        throw CSVError(kind: .unterminatedQuote, line: recordLine)
                    }
                    store.endField()
                    p = position
                    break parsing
                }
                base = buffer.baseAddress!
                p = position
                e = end
            }
            switch state {
            case .fieldStart:
                if base[p] == Byte.quote {
                    p += 1
                    raw += 1
                    state = .quoted
                    continue parsing
                }
                state = .unquoted
                fallthrough
            case .unquoted:
                var i = p
                while i < e {
                    let byte = base[i]
                    if byte <= Byte.comma
                        && (byte == Byte.comma || byte == Byte.quote || byte == Byte.lf || byte == Byte.cr) { break }
                    highBits |= byte
                    i += 1
                }
                raw += i - p
                if raw > limit {
                    if problem == nil { problem = (.recordTooLong(limit: limit), nil) }
                    storing = false
                } else if storing, i > p {
                    store.append(base + p, count: i - p)
                }
                p = i
                if i == e { continue parsing }
                let byte = base[i]
                p += 1
                if byte == Byte.comma {
                    raw += 1
                    store.endField()
                    state = .fieldStart
                } else if byte == Byte.quote {
                    raw += 1
                    if problem == nil { problem = (.quoteInUnquotedField, store.fieldCount + 1) }
                    storing = false
                } else {
                    store.endField()
                    line += 1
                    swallowLF = byte == Byte.cr
                    break parsing
                }
            case .quoted:
                var i = p
                var lineFeeds = 0
                while i < e {
                    let byte = base[i]
                    if byte == Byte.quote { break }
                    if byte == Byte.lf { lineFeeds += 1 }
                    highBits |= byte
                    i += 1
                }
                line += lineFeeds
                raw += i - p
                if raw > limit {
                    if problem == nil { problem = (.recordTooLong(limit: limit), nil) }
                    storing = false
                } else if storing, i > p {
                    store.append(base + p, count: i - p)
                }
                p = i
                if i == e { continue parsing }
                p += 1
                raw += 1
                state = .afterQuote
            case .afterQuote:
                let byte = base[p]
                if byte == Byte.quote {
                    p += 1
                    raw += 1
                    if storing { store.append(Byte.quote) }
                    state = .quoted
                } else if byte == Byte.comma {
                    p += 1
                    raw += 1
                    store.endField()
                    state = .fieldStart
                } else if byte == Byte.lf || byte == Byte.cr {
                    p += 1
                    store.endField()
                    line += 1
                    swallowLF = byte == Byte.cr
                    break parsing
                } else {
                    if problem == nil { problem = (.textAfterClosingQuote, store.fieldCount + 1) }
                    storing = false
                    state = .unquoted
                }
            }
        }
        position = p
        bytesRead = consumedBefore + p
        if let problem { throw CSVError(kind: problem.kind, line: recordLine, column: problem.column) }

        let fieldCount = store.fieldCount
        if highBits >= 0x80 {
            for index in 0..<fieldCount where !UTF8Validation.isValid(store.field(index)) {
                throw CSVError(kind: .invalidUTF8, line: recordLine, column: index + 1)
            }
        }
        let fields = [String](unsafeUninitializedCapacity: fieldCount) { strings, initialized in
            for index in 0..<fieldCount {
                (strings.baseAddress! + index).initialize(to: String(decoding: store.field(index), as: UTF8.self))
            }
            initialized = fieldCount
        }
        return CSVRecord(line: recordLine, fields: fields)
    }

    /// Loads the next chunk; false at the end of the input.
    private func refill() throws(CSVError) -> Bool {
        guard !sourceExhausted else { return false }
        consumedBefore += end
        position = 0
        end = 0
        let count: Int
        do { count = try source.fill(UnsafeMutableBufferPointer(rebasing: buffer[0..<chunkSize]), line: line) } catch {
            finished = true
            sourceExhausted = true
            throw error
        }
        end = count
        if count == 0 { sourceExhausted = true }
        bytesRead = consumedBefore
        return count > 0
    }

    /// Skips a UTF-8 byte order mark at the very start of the input.
    private func skipByteOrderMark() throws(CSVError) {
        // The buffer holds at least 4 bytes, so the first 3 can be gathered whatever the chunk size.
        while end < 3 {
            let count: Int
            do {
                count = try source.fill(UnsafeMutableBufferPointer(rebasing: buffer[end..<min(end + chunkSize, buffer.count)]), line: line)
            } catch {
                finished = true
                sourceExhausted = true
                throw error
            }
            if count == 0 { break }
            end += count
        }
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
        bytesRead = position
    }
}

enum Byte {
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
}
