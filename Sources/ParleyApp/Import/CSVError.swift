/// Why a CSV record could not be read, with the line where the record starts.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case invalidUTF8
        case unterminatedQuote
        case quoteInUnquotedField
        case textAfterClosingQuote
        case recordTooLong(limit: Int)
        case io(String)
    }

    public let kind: Kind
    /// The 1-based physical line on which the offending record starts (0 when no line applies, e.g. opening a file).
    public let line: Int
    /// The 1-based field number, when the problem lies in one field.
    public let column: Int?

    public init(kind: Kind, line: Int, column: Int? = nil) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// Whether the reader can go on to the next record: an unterminated quote swallows the rest of the file,
    /// and an I/O failure leaves nothing sensible to read.
    public var isRecoverable: Bool {
        switch kind {
        case .unterminatedQuote, .io: return false
        case .invalidUTF8, .quoteInUnquotedField, .textAfterClosingQuote, .recordTooLong: return true
        }
    }

    public var description: String {
        var place = line > 0 ? "line \(line)" : ""
        if let column { place += place.isEmpty ? "field \(column)" : ", field \(column)" }
        let prefix = place.isEmpty ? "" : place + ": "
        return prefix + reason
    }

    /// The problem without its place.
    public var reason: String {
        switch kind {
        case .invalidUTF8: return "invalid UTF-8"
        case .unterminatedQuote: return "quoted field never closed (unterminated quote)"
        case .quoteInUnquotedField:
            return "quote inside an unquoted field (quote the whole field and double any quote in it)"
        case .textAfterClosingQuote: return "text after a closing quote (a quoted field must end at a comma or line end)"
        case .recordTooLong(let limit): return "record longer than \(limit) bytes"
        case .io(let message): return message
        }
    }
}
