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
    /// The endpoint and the reference take turns this many times, so a machine whose speed drifts during the run
    /// weighs on both alike.
    let rounds: Int

    init(arguments: [String]) {
        seconds = Int((try? Bench.value("--seconds", in: arguments)) ?? "5") ?? 5
        connections = Int((try? Bench.value("--connections", in: arguments)) ?? "64") ?? 64
        rounds = max(1, Int((try? Bench.value("--rounds", in: arguments)) ?? "3") ?? 3)
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
        if let pool = Int(ProcessInfo.processInfo.environment["PARLEY_BENCH_POOL_KIB"] ?? "") { serverConfiguration.perConnectionMemoryBytes = pool << 10 }
        let appServer = HTTPServer(configuration: serverConfiguration, router: app.router)
        let floorServer = HTTPServer(configuration: serverConfiguration, router: constant)
        try appServer.start()
        try floorServer.start()
        defer { appServer.stop(graceTimeout: 2); floorServer.stop(graceTimeout: 2) }

        // The request and its handler, in process: what one request costs before any socket is involved.
        // (With callgrind: --toggle-collect='*HTTPBench*serve*' counts exactly this.)
        var headers: HTTPHeaders = ["Host": "127.0.0.1:\(appServer.port)"]
        headers.add("Cookie", "parley_borrower=\(token)")
        let probeRounds = Int(ProcessInfo.processInfo.environment["PARLEY_BENCH_ROUNDS"] ?? "") ?? 5_000
        let handlerSeconds = Bench.seconds {
            for _ in 0..<probeRounds { _ = Self.serve(app.router, "/api/v1/me/loans/L0000001/dues", headers) }
        }
        if ProcessInfo.processInfo.environment["PARLEY_BENCH_HANDLER_ONLY"] != nil {
            print("handler: \(handlerSeconds / Double(probeRounds) * 1e6) µs per request")
            return
        }
        let floorHeaders: HTTPHeaders = ["Host": "127.0.0.1:\(floorServer.port)"]
        let floorSeconds = Bench.seconds { for _ in 0..<probeRounds { _ = Self.serve(constant, "/", floorHeaders) } }

        let probePath = ProcessInfo.processInfo.environment["PARLEY_BENCH_PATH"] ?? "/api/v1/me/loans/L0000001/dues"
        var dues = Figures(), floor = Figures()
        for _ in 0..<rounds {
            dues.add(try wrk("http://127.0.0.1:\(appServer.port)\(probePath)", cookie: "parley_borrower=\(token)"))
            floor.add(try wrk("http://127.0.0.1:\(floorServer.port)/", cookie: nil))
        }
        let ratio = dues.requestsPerSecond / max(floor.requestsPerSecond, 1)
        let result: [String: Any] = [
            "benchmark": "http",
            "tool": "wrk -t2 -c\(connections) -d\(seconds)s --latency (a second process on loopback), \(rounds) rounds each, taking turns",
            "endpoint": dues.json(path: "GET /api/v1/me/loans/L0000001/dues (borrower session)"),
            "reference": floor.json(path: "GET / (constant \"ok\" on the same libmicrohttpd stack)"),
            "ratio_to_reference": Bench.round3(ratio),
            "in_process_microseconds_per_request": ["endpoint": Bench.round3(handlerSeconds / Double(probeRounds) * 1e6),
                                                     "reference": Bench.round3(floorSeconds / Double(probeRounds) * 1e6)],
            "target": ["ratio_at_least": 0.5, "p99_ms_below": 20],
            "meets_target": ratio >= 0.5 && dues.p99 < 20,
        ]
        FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys]) + Data("\n".utf8))
    }

    /// Builds a GET request as the server does from what MHD parsed, and answers it.
    @inline(never)
    static func serve(_ router: Router, _ target: String, _ headers: HTTPHeaders) -> Int {
        router.respond(to: HTTPRequest(method: .GET, target: target, headers: headers)).body.count
    }

    /// One or more wrk runs against one URL, with the CPU time the server process and wrk spent on them.
    struct Figures {
        var requests = 0, wallSeconds = 0.0, errors = 0
        var serverCPUSeconds = 0.0, clientCPUSeconds = 0.0
        /// Per round: the median p50 and the worst p99 are reported.
        var p50s: [Double] = [], p99s: [Double] = [], rates: [Double] = []

        var requestsPerSecond: Double { Double(requests) / max(wallSeconds, 1e-9) }
        var p50: Double { p50s.sorted()[p50s.count / 2] }
        var p99: Double { p99s.max() ?? 0 }

        mutating func add(_ round: Figures) {
            requests += round.requests
            wallSeconds += round.wallSeconds
            errors += round.errors
            serverCPUSeconds += round.serverCPUSeconds
            clientCPUSeconds += round.clientCPUSeconds
            p50s += round.p50s
            p99s += round.p99s
            rates.append(round.requestsPerSecond)
        }

        func json(path: String) -> [String: Any] {
            ["path": path, "requests_per_second": Int(requestsPerSecond), "rounds_requests_per_second": rates.map { Int($0) },
             "p50_ms": p50, "p99_ms": p99, "errors": errors,
             "server_cpu_microseconds_per_request": Bench.round3(serverCPUSeconds * 1e6 / Double(max(1, requests))),
             "wrk_cpu_microseconds_per_request": Bench.round3(clientCPUSeconds * 1e6 / Double(max(1, requests)))]
        }
    }

    func wrk(_ url: String, cookie: String?) throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--latency"] + (cookie.map { ["-H", "Cookie: \($0)"] } ?? []) + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        let serverBefore = Self.cpuSeconds(RUSAGE_SELF), clientBefore = Self.cpuSeconds(RUSAGE_CHILDREN)
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var figures = Figures()
        // The server's threads are this process's only busy ones while wrk runs; wrk is its only child.
        figures.serverCPUSeconds = Self.cpuSeconds(RUSAGE_SELF) - serverBefore
        figures.clientCPUSeconds = Self.cpuSeconds(RUSAGE_CHILDREN) - clientBefore
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if line.contains(" requests in "), parts.count >= 4 {
                figures.requests = Int(parts[0]) ?? 0
                figures.wallSeconds = Self.milliseconds(parts[3].trimmingCharacters(in: .punctuationCharacters)) / 1000
            }
            if line.hasPrefix("50%"), parts.count >= 2 { figures.p50s = [Self.milliseconds(parts[1])] }
            if line.hasPrefix("99%"), parts.count >= 2 { figures.p99s = [Self.milliseconds(parts[1])] }
            if line.hasPrefix("Non-2xx or 3xx responses:"), let count = Int(parts.last ?? "") { figures.errors += count }
            if line.hasPrefix("Socket errors:") { figures.errors += parts.compactMap { Int($0.trimmingCharacters(in: .punctuationCharacters)) }.reduce(0, +) }
        }
        guard figures.requests > 0, figures.wallSeconds > 0 else { throw AppError.unsupported("wrk printed no request count: \(output)") }
        return figures
    }

    static func cpuSeconds(_ who: __rusage_who) -> Double {
        var usage = rusage()
        getrusage(who.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// wrk prints latencies as `812.00us`, `3.21ms` or `1.02s`.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return Bench.round3((Double(text.dropLast(2)) ?? 0) / 1000) }
        if text.hasSuffix("ms") { return Bench.round3(Double(text.dropLast(2)) ?? 0) }
        if text.hasSuffix("s") { return Bench.round3((Double(text.dropLast(1)) ?? 0) * 1000) }
        return 0
    }
}
