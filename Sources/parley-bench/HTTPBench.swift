import Foundation
import ParleyApp
import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore
import ParleyWeb

/// The authenticated borrower dues endpoint under wrk, against a constant handler on the same HTTP stack.
struct HTTPBench {
    let seconds: Int
    let connections: Int

    init(arguments: [String]) {
        seconds = Int((try? Bench.value("--seconds", in: arguments)) ?? "10") ?? 10
        connections = Int((try? Bench.value("--connections", in: arguments)) ?? "64") ?? 64
    }

    func run() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw AppError.unsupported("wrk is not installed (apt-get install wrk)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-http-bench-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let asOf = CivilDate(iso: "2026-12-01")!
        _ = try SyntheticBook.write(.init(loans: 2_000, seed: 9, asOf: asOf), to: directory)
        let dbPath = directory + "/parley.db"
        let store = try SQLiteStore(path: dbPath, sha256: Sodium.sha256)
        _ = try Importer(store: store, lenderID: "default").importLoans(path: directory + "/loans.csv")
        _ = try Importer(store: store, lenderID: "default").importPayments(path: directory + "/payments.csv")
        _ = try DailyCycle(store: store, lenderID: "default").run(asOf: asOf)

        // A borrower with a session, as after entering with their link and code.
        guard let loan = try store.loan(lenderID: "default", loanID: "L0000001"),
              let borrower = try store.borrower(lenderID: "default", borrowerID: loan.record.borrowerID) else {
            throw AppError.notFound("no demo borrower")
        }
        let token = Sodium.randomToken()
        let now = Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        try store.createSession(StoredSession(tokenHash: Sodium.sha256Hex(token), subject: .borrower(lenderID: "default", borrowerKey: borrower.key),
                                              csrfToken: Sodium.randomToken(), createdAt: now, expiresAt: now.adding(seconds: 3600)))

        var configuration = WebConfiguration()
        configuration.fixedToday = asOf
        let app = WebApp(pool: StorePool { try SQLiteStore(path: dbPath, sha256: Sodium.sha256) }, configuration: configuration) {
            Instant(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
        }
        let constant = Router()
        constant.add(.GET, "/") { _ in .text("ok") }

        var serverConfiguration = ServerConfiguration()
        serverConfiguration.port = 0
        if let threads = Int(ProcessInfo.processInfo.environment["PARLEY_BENCH_THREADS"] ?? "") { serverConfiguration.threads = threads }
        let appServer = HTTPServer(configuration: serverConfiguration, router: app.router)
        let floorServer = HTTPServer(configuration: serverConfiguration, router: constant)
        try appServer.start()
        try floorServer.start()
        defer { appServer.stop(graceTimeout: 2); floorServer.stop(graceTimeout: 2) }

        // The handler alone, in process: what one request costs before any socket is involved.
        var headers = HTTPHeaders()
        headers.add("Cookie", "parley_borrower=\(token)")
        let probe = HTTPRequest(method: .GET, target: "/api/v1/me/loans/L0000001/dues", headers: headers)
        let rounds = Int(ProcessInfo.processInfo.environment["PARLEY_BENCH_ROUNDS"] ?? "") ?? 5_000
        let handlerSeconds = Bench.seconds { for _ in 0..<rounds { _ = app.router.respond(to: probe) } }
        if ProcessInfo.processInfo.environment["PARLEY_BENCH_HANDLER_ONLY"] != nil {
            print("handler: \(handlerSeconds / Double(rounds) * 1e6) µs per request")
            return
        }
        let floorProbe = HTTPRequest(method: .GET, target: "/")
        let floorSeconds = Bench.seconds { for _ in 0..<rounds { _ = constant.respond(to: floorProbe) } }

        let probePath = ProcessInfo.processInfo.environment["PARLEY_BENCH_PATH"] ?? "/api/v1/me/loans/L0000001/dues"
        let dues = try wrk("http://127.0.0.1:\(appServer.port)\(probePath)", cookie: "parley_borrower=\(token)")
        let floor = try wrk("http://127.0.0.1:\(floorServer.port)/", cookie: nil)
        let ratio = dues.requestsPerSecond / max(floor.requestsPerSecond, 1)
        let result: [String: Any] = [
            "benchmark": "http",
            "tool": "wrk -t2 -c\(connections) -d\(seconds)s --latency (a second process on loopback)",
            "endpoint": ["path": "GET /api/v1/me/loans/L0000001/dues (borrower session)", "requests_per_second": Int(dues.requestsPerSecond),
                         "p50_ms": dues.p50, "p99_ms": dues.p99, "errors": dues.errors],
            "reference": ["path": "GET / (constant \"ok\" on the same libmicrohttpd stack)", "requests_per_second": Int(floor.requestsPerSecond),
                          "p50_ms": floor.p50, "p99_ms": floor.p99, "errors": floor.errors],
            "ratio_to_reference": Bench.round3(ratio),
            "in_process_microseconds_per_request": ["endpoint": Bench.round3(handlerSeconds / Double(rounds) * 1e6),
                                                     "reference": Bench.round3(floorSeconds / Double(rounds) * 1e6)],
            "target": ["ratio_at_least": 0.5, "p99_ms_below": 20],
            "meets_target": ratio >= 0.5 && dues.p99 < 20,
        ]
        FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys]) + Data("\n".utf8))
    }

    struct Figures { var requestsPerSecond = 0.0, p50 = 0.0, p99 = 0.0, errors = 0 }

    func wrk(_ url: String, cookie: String?) throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"] + (cookie.map { ["-H", "Cookie: \($0)"] } ?? []) + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var figures = Figures()
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.hasPrefix("Requests/sec:"), parts.count >= 2 { figures.requestsPerSecond = Double(parts[1]) ?? 0 }
            if line.hasPrefix("50%"), parts.count >= 2 { figures.p50 = Self.milliseconds(parts[1]) }
            if line.hasPrefix("99%"), parts.count >= 2 { figures.p99 = Self.milliseconds(parts[1]) }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let count = Int(parts.last ?? "") { figures.errors += count }
            if line.hasPrefix("Socket errors:") { figures.errors += parts.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.reduce(0, +) }
        }
        return figures
    }

    /// wrk prints latencies as `812.00us`, `3.21ms` or `1.02s`.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return Bench.round3((Double(text.dropLast(2)) ?? 0) / 1000) }
        if text.hasSuffix("ms") { return Bench.round3(Double(text.dropLast(2)) ?? 0) }
        if text.hasSuffix("s") { return Bench.round3((Double(text.dropLast(1)) ?? 0) * 1000) }
        return 0
    }
}
