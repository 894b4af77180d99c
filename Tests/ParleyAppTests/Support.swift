import Foundation
import Synchronization
import ParleyCore
import ParleyCrypto
import ParleyStore
@testable import ParleyApp

/// A scratch directory removed when the value goes away.
final class Scratch {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(text.utf8))
        return file(name)
    }

    func write(_ name: String, bytes: [UInt8]) -> String {
        _ = FileManager.default.createFile(atPath: file(name), contents: Data(bytes))
        return file(name)
    }

    func read(_ name: String) -> String { (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? "" }
}

enum Fixtures {
    static let loansHeader = RowValidation.loanColumns.joined(separator: ",")
    static let paymentsHeader = RowValidation.paymentColumns.joined(separator: ",")

    /// A valid loans.csv row; override fields by column name.
    static func loanRow(_ id: String, borrower: String? = nil, _ overrides: [String: String] = [:]) -> String {
        var fields: [String: String] = [
            "loan_id": id, "borrower_id": borrower ?? "B-" + id, "borrower_name": "Asha Rao", "phone": "+919876543210",
            "email": "asha@example.in", "language": "hi", "timezone": "Asia/Kolkata", "jurisdiction": "IN",
            "currency": "INR", "principal": "100000.00", "annual_rate_bps": "1200", "tenure_months": "12",
            "first_due_on": "2026-01-31", "emi": "",
        ]
        for (key, value) in overrides { fields[key] = value }
        return RowValidation.loanColumns.map { fields[$0]! }.joined(separator: ",")
    }

    static func loans(_ rows: [String]) -> String { ([loansHeader] + rows).joined(separator: "\n") + "\n" }
    static func payments(_ rows: [String]) -> String { ([paymentsHeader] + rows).joined(separator: "\n") + "\n" }
}

/// Runs the real `parley` binary built next to the tests.
enum Binary {
    static var parley: String {
        if let path = ProcessInfo.processInfo.environment["PARLEY_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/parley").path
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: parley)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PARLEY_DB")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes concurrently so a chatty child never blocks.
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.done { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

/// A tiny thread-safe box for the stderr reader.
final class LockedData: Sendable {
    private let state = Mutex<(data: Data, done: Bool)>((Data(), false))
    func set(_ value: Data) { state.withLock { $0 = (value, true) } }
    var done: Bool { state.withLock { $0.done } }
    var value: Data { state.withLock { $0.data } }
}
