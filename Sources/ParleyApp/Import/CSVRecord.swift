/// One record of a CSV file: its fields, decoded and unquoted, and where it starts.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line on which the record starts.
    public let line: Int
    public let fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
