import ParleyCore
import ParleyHTTP
import ParleyStore

/// Loans and payments by API: the CSV importers' validation, with an outcome per item.
extension WebApp {
    enum UpsertKind: String { case loans, payments }

    static let maxItemsPerRequest = 1000

    func upsert(_ request: HTTPRequest, store: SQLiteStore, lenderID: String, kind: UpsertKind) throws -> HTTPResponse {
        guard request.mediaType == "application/json" else { throw HTTPError.unsupportedMediaType("send application/json") }
        guard let text = request.bodyText else { throw HTTPError.badRequest("the body is not UTF-8") }
        let body: JSONValue
        do { body = try JSONParser.parse(text) } catch { throw HTTPError.badRequest("invalid JSON: \(error)") }
        guard case .array(let items)? = body[kind.rawValue] else {
            throw HTTPError.badRequest("expected an object with an array \"\(kind.rawValue)\"")
        }
        guard !items.isEmpty, items.count <= Self.maxItemsPerRequest else {
            throw HTTPError.unprocessable("send 1 to \(Self.maxItemsPerRequest) \(kind.rawValue) per request")
        }
        let columns = kind == .loans ? RowValidation.loanColumns : RowValidation.paymentColumns
        let zones = TimeZoneCatalogue.shared
        var results: [JSONValue] = []
        var counts = (inserted: 0, unchanged: 0, rejected: 0)
        try store.transaction {
            let importID = try store.nextImportID()
            for (index, item) in items.enumerated() {
                var outcome: RowOutcome
                var id = ""
                do {
                    let fields = try Self.fields(of: item, columns: columns)
                    id = kind == .loans ? fields[0] : fields[3]
                    switch kind {
                    case .loans:
                        let record = try RowValidation.loan(fields, isKnownTimeZone: zones.contains)
                        outcome = try store.upsertLoan(record, lenderID: lenderID, importID: importID)
                    case .payments:
                        let record = try RowValidation.payment(fields) { loanID in
                            (try? store.loanCurrency(lenderID: lenderID, loanID: loanID))??.minorDigits
                        }
                        outcome = try store.insertPayment(record, lenderID: lenderID, importID: importID)
                    }
                } catch let error as FieldError {
                    counts.rejected += 1
                    results.append(["index": .int(Int64(index)), "status": "rejected",
                                    "errors": [["field": .string(error.column), "reason": .string(error.reason)]]])
                    continue
                }
                let idKey = kind == .loans ? "loan_id" : "reference"
                switch outcome {
                case .inserted:
                    counts.inserted += 1
                    results.append(["index": .int(Int64(index)), idKey: .string(id), "status": "inserted"])
                case .unchanged:
                    counts.unchanged += 1
                    results.append(["index": .int(Int64(index)), idKey: .string(id), "status": "unchanged"])
                case .duplicateInImport:
                    counts.rejected += 1
                    results.append(["index": .int(Int64(index)), idKey: .string(id), "status": "rejected",
                                    "errors": [["field": .string(idKey), "reason": "appears earlier in this request"]]])
                case .conflict(let message):
                    counts.rejected += 1
                    results.append(["index": .int(Int64(index)), idKey: .string(id), "status": "rejected",
                                    "errors": [["field": .string(idKey), "reason": .string(message)]]])
                }
            }
        }
        let summary: JSONValue = ["inserted": .int(Int64(counts.inserted)), "unchanged": .int(Int64(counts.unchanged)),
                                  "rejected": .int(Int64(counts.rejected)), "results": .array(results)]
        return .json(summary.canonical)
    }

    /// The CSV row an API item stands for: strings as they are, integers as decimal text, null or absent as empty.
    static func fields(of item: JSONValue, columns: [String]) throws(FieldError) -> [String] {
        guard case .object(let members) = item else { throw FieldError(column: "", reason: "each item must be an object") }
        for key in members.keys.sorted() where !columns.contains(key) {
            throw FieldError(column: key, reason: "unknown field")
        }
        return try columns.map { column throws(FieldError) in
            switch members[column] {
            case nil, .null?: return ""
            case .string(let text)?: return text
            case .int(let number)?: return String(number)
            default: throw FieldError(column: column, reason: "must be a string (amounts as decimal strings such as \"100000.00\")")
            }
        }
    }
}
