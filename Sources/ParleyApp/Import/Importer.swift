import Foundation
import ParleyCore
import ParleyStore

/// One rejected row: where and why.
public struct RejectedRow: Equatable, Sendable {
    public let line: Int
    /// The column name, or the field number for malformed CSV, or "" for the whole row.
    public let column: String
    public let reason: String
    public let fields: [String]

    public var description: String {
        column.isEmpty ? "line \(line): \(reason)" : "line \(line), column \(column): \(reason)"
    }
}

/// What an import did.
public struct ImportReport: Equatable, Sendable {
    public enum Kind: String, Sendable { case loans, payments }
    public let kind: Kind
    public let file: String
    public var rows = 0
    public var inserted = 0
    public var unchanged = 0
    public var rejected: [RejectedRow] = []
    public var rejectedCount = 0
    public var committed = false

    public var json: JSONValue {
        [
            "kind": .string(kind.rawValue), "file": .string(file), "rows": .int(Int64(rows)),
            "inserted": .int(Int64(inserted)), "unchanged": .int(Int64(unchanged)),
            "rejected": .int(Int64(rejectedCount)), "committed": .bool(committed),
        ]
    }
}

/// The import failed as a whole and stored nothing.
public struct ImportFailure: Error, CustomStringConvertible {
    public let report: ImportReport
    public let reason: String
    public var description: String { reason }
}

/// Streams a CSV file into the store in one transaction: all of it, or (with `skipBadRows`) exactly the good rows.
public struct Importer {
    public struct Options {
        public var skipBadRows = false
        /// Where to write the rejected rows (CSV: line, column, reason, then the row's fields).
        public var rejectsPath: String?
        /// Called now and then with (rows so far, bytes read, file size).
        public var progress: ((Int, Int, Int) -> Void)?
        /// Rejected rows kept in the report (the rejects file has them all).
        public var keepRejected = 50
        public init() {}
    }

    let store: any Store
    let lenderID: String

    public init(store: any Store, lenderID: String) {
        self.store = store
        self.lenderID = lenderID
    }

    public func importLoans(path: String, options: Options = .init()) throws -> ImportReport {
        let zones = TimeZoneCatalogue()
        return try run(kind: .loans, path: path, columns: RowValidation.loanColumns, options: options) { fields, importID in
            let record = try RowValidation.loan(fields, isKnownTimeZone: zones.contains)
            return try store.upsertLoan(record, lenderID: lenderID, importID: importID)
        }
    }

    public func importPayments(path: String, options: Options = .init()) throws -> ImportReport {
        var lastLoan = ("", 0 as Int?)
        return try run(kind: .payments, path: path, columns: RowValidation.paymentColumns, options: options) { fields, importID in
            let record = try RowValidation.payment(fields) { loanID in
                if loanID == lastLoan.0 { return lastLoan.1 }
                let digits = (try? store.loanCurrency(lenderID: lenderID, loanID: loanID))??.minorDigits
                lastLoan = (loanID, digits)
                return digits
            }
            return try store.insertPayment(record, lenderID: lenderID, importID: importID)
        }
    }

    /// Every row is validated and applied inside one transaction, even after a bad row, so that every
    /// problem (duplicates and conflicts too) is reported; without `skipBadRows` the transaction is then
    /// rolled back and nothing is stored.
    private func run(kind: ImportReport.Kind, path: String, columns: [String], options: Options,
                     apply: (_ fields: [String], _ importID: Int64) throws -> RowOutcome) throws -> ImportReport {
        guard try store.lender(id: lenderID) != nil else { throw StoreError.unknownLender(lenderID) }
        var report = ImportReport(kind: kind, file: path)
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch {
            throw AppError.invalidInput("cannot read \(path): \(error)")
        }
        var rejects = try options.rejectsPath.map { try RejectsWriter(path: $0) }

        func reject(_ row: RejectedRow) throws {
            report.rejectedCount += 1
            if report.rejected.count < options.keepRejected { report.rejected.append(row) }
            try rejects?.write(row)
        }

        try readHeader(reader, columns: columns, path: path)
        do {
            try store.transaction {
                let importID = try store.nextImportID()
                var lastProgress = 0
                while true {
                    let record: CSVRecord
                    do {
                        guard let next = try reader.next() else { break }
                        record = next
                    } catch let error as CSVError {
                        try reject(RejectedRow(line: error.line, column: error.column.map { "field \($0)" } ?? "",
                                               reason: error.reason, fields: []))
                        if !error.isRecoverable { break }
                        continue
                    }
                    report.rows += 1
                    if report.rows - lastProgress >= 50_000 {
                        lastProgress = report.rows
                        options.progress?(report.rows, reader.bytesRead, fileSize)
                    }
                    guard record.fields.count == columns.count else {
                        try reject(RejectedRow(line: record.line, column: "",
                                               reason: "expected \(columns.count) fields, found \(record.fields.count)",
                                               fields: record.fields))
                        continue
                    }
                    let outcome: RowOutcome
                    do { outcome = try apply(record.fields, importID) } catch let error as FieldError {
                        try reject(RejectedRow(line: record.line, column: error.column, reason: error.reason, fields: record.fields))
                        continue
                    }
                    switch outcome {
                    case .inserted: report.inserted += 1
                    case .unchanged: report.unchanged += 1
                    case .duplicateInImport:
                        let column = kind == .loans ? "loan_id" : "reference"
                        let id = kind == .loans ? record.fields[0] : record.fields[3]
                        try reject(RejectedRow(line: record.line, column: column,
                                               reason: "duplicate \(column) \"\(id.trimmingCharacters(in: .whitespaces))\": it appears on an earlier line of this file",
                                               fields: record.fields))
                    case .conflict(let message):
                        try reject(RejectedRow(line: record.line, column: kind == .loans ? "loan_id" : "reference",
                                               reason: message + "; the stored row is kept", fields: record.fields))
                    }
                }
                options.progress?(report.rows, reader.bytesRead, fileSize)
                if report.rejectedCount > 0 && !options.skipBadRows {
                    throw ImportFailure(report: report, reason: "")
                }
            }
            report.committed = true
        } catch let failure as ImportFailure {
            try rejects?.close()
            rejects = nil
            let first = failure.report.rejected.first.map { "\(path) \($0.description)" } ?? path
            let more = failure.report.rejectedCount > 1 ? " (and \(failure.report.rejectedCount - 1) more bad rows)" : ""
            throw ImportFailure(report: failure.report,
                                reason: "\(first)\(more); nothing was imported\(options.skipBadRows ? "" : " (use --skip-bad-rows --rejects FILE to import the good rows)")")
        }
        try rejects?.close()
        return report
    }

    private func readHeader(_ reader: CSVReader, columns: [String], path: String) throws {
        let header: CSVRecord?
        do { header = try reader.next() } catch {
            throw AppError.invalidInput("\(path) line \(error.line): \(error.reason)")
        }
        guard let header else { throw AppError.invalidInput("\(path) is empty: expected the header \(columns.joined(separator: ","))") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names == columns else {
            throw AppError.invalidInput("\(path) line 1: the header must be exactly \(columns.joined(separator: ",")) (found \(header.fields.joined(separator: ",")))")
        }
    }
}

/// The rejects file: CSV with line, column and reason, then the rejected row as it was (re-encoded).
struct RejectsWriter {
    private let writer: CSVWriter

    init(path: String) throws {
        do { writer = try CSVWriter(path: path) } catch {
            throw AppError.invalidInput("cannot write the rejects file \(path): \(error)")
        }
        try writer.writeRow(["line", "column", "reason", "row"])
    }

    func write(_ row: RejectedRow) throws {
        try writer.writeRow([String(row.line), row.column, row.reason, row.fields.map(CSVWriter.escape).joined(separator: ",")])
    }

    func close() throws { try writer.close() }
}
