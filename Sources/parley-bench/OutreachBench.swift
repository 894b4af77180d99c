import Foundation
import ParleyApp
import ParleyChannels
import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore
import Synchronization

/// `parley-bench outreach --borrowers N`: plan (cadence, planner, gate, render, enqueue) and dispatch (gate again,
/// claim, send through the real Exotel SMS adapter over HTTP, settle) N messages, the planner and the dispatcher
/// running at the same time on their own SQLite connections, against a local stand-in gateway. The reference is the
/// same adapter sending the same requests to the same stand-in with nothing else around it: the floor of the transport.
struct OutreachBench {
    let borrowers: Int
    let concurrency: Int

    init(arguments: [String]) {
        borrowers = Int((try? Bench.value("--borrowers", in: arguments)) ?? "100000") ?? 100_000
        concurrency = Int((try? Bench.value("--concurrency", in: arguments)) ?? "16") ?? 16
    }

    /// The stand-in gateway: answers every send with an Exotel-shaped 200 and notes when each idempotency key arrived.
    final class Gateway: Sendable {
        final class Log: Sendable {
            let arrivals = Mutex<[String: UInt64]>([:])
            let duplicates = Atomic<Int>(0)
            let sids = Atomic<Int>(0)
        }
        let log = Log()
        let server: HTTPServer

        init() throws {
            let router = Router(errorLog: { _ in })
            let log = log
            router.add(.POST, "/v1/Accounts/:sid/Sms/send.json") { request in
                // A provider runs elsewhere; on this machine its stand-in shares the cores, so it reads only the field it
                // records (the idempotency key, which Parley form-encodes like any other value) and parses nothing else.
                let now = DispatchTime.now().uptimeNanoseconds
                if let key = Self.customField(request.body) {
                    let seen = log.arrivals.withLock { map -> Bool in
                        if map[key] != nil { return true }
                        map[key] = now
                        return false
                    }
                    if seen { log.duplicates.add(1, ordering: .relaxed) }
                }
                let sid = log.sids.add(1, ordering: .relaxed).newValue
                return .json(#"{"SMSMessage":{"Sid":"bench\#(sid)","Status":"queued"}}"#)
            }
            server = HTTPServer(configuration: ServerConfiguration(bindAddress: "127.0.0.1", port: 0, threads: 2), router: router)
            try server.start()
        }

        /// The percent-decoded value of `CustomField` in a form body.
        static func customField(_ body: [UInt8]) -> String? {
            let name = Array("CustomField=".utf8)
            var start = 0
            while start + name.count <= body.count {
                if (start == 0 || body[start - 1] == UInt8(ascii: "&")) && Array(body[start..<(start + name.count)]) == name {
                    let valueStart = start + name.count
                    let valueEnd = body[valueStart...].firstIndex(of: UInt8(ascii: "&")) ?? body.count
                    return String(decoding: body[valueStart..<valueEnd], as: UTF8.self).replacingOccurrences(of: "+", with: " ")
                        .removingPercentEncoding
                }
                start += 1
            }
            return nil
        }
    }

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-outreach-bench-\(getpid())").path
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let asOf = CivilDate(iso: "2026-12-01")!
        let dbPath = directory + "/parley.db"

        // A book of N borrowers in India, none of whom has paid: every loan is overdue, so the cycle opens N cases.
        _ = try SyntheticBook.write(.init(loans: borrowers, seed: 5, asOf: asOf), to: directory)
        try Self.moveToIndia(directory + "/loans.csv")
        let store = try SQLiteStore(path: dbPath, sha256: Sodium.sha256)
        _ = try Importer(store: store, lenderID: "default").importLoans(path: directory + "/loans.csv")
        var policy = try store.policy(lenderID: "default")
        policy.outreach.adaptive = false
        try store.savePolicy(policy, lenderID: "default")
        let opened = try DailyCycle(store: store, lenderID: "default").run(asOf: asOf).openedToday

        let gateway = try Gateway()
        let set = try ProviderSet(json: """
            {"sms":{"kind":"sms_exotel","base_url":"http://127.0.0.1:\(gateway.server.port)","account_sid":"bench","api_key":"k",
             "api_token":"t","sender":"PRLYIN","entity_id":"PARLEY-PE-ID","webhook_secret":"s","rate_per_second":100000}}
            """, environment: [:])
        let providers = OutreachProviders(set)

        // Phase 1, the cycle's planning: cadence, planner, gate, rendering, a personal link, the outbox row, the case event.
        var planning = OutreachPlanning(store: store, lenderID: "default", baseURL: "https://parley.example", providers: providers)
        planning.batchSize = 500
        var planned = PlanningSummary()
        var planningCPU = Bench.threadCPUSeconds()
        let planningSeconds = try Bench.seconds { planned = try planning.run(asOf: asOf) }
        planningCPU = Bench.threadCPUSeconds() - planningCPU

        // Phase 2, dispatch of the whole backlog at 09:30 in India: gate, claim, send through the adapter, settle, event.
        var options = Dispatcher.Options()
        options.concurrency = concurrency
        options.chunk = 256
        options.maxWaitSeconds = 0
        var drained = DispatchSummary()
        var drainCPU = Bench.threadCPUSeconds()
        let drainSeconds = try Bench.seconds {
            drained = try Dispatcher(store: store, providers: providers, baseURL: "https://parley.example",
                                     now: Instant(iso: "2026-12-01T04:00:00Z")!, options: options).run()
        }

        drainCPU = Bench.threadCPUSeconds() - drainCPU

        // Phase 3, sustained: a producer enqueues messages at a fixed rate while the dispatcher runs; each message's
        // time from its enqueue commit to its arrival at the gateway.
        let sustained = try sustainedRun(store: store, dbPath: dbPath, providers: providers, gateway: gateway, options: options)

        let reference = try referenceRun(gateway: gateway, set: set, count: min(borrowers, 20_000))
        let dispatchRate = Double(drained.sent) / drainSeconds
        let result: [String: Any] = [
            "benchmark": "outreach",
            "borrowers": borrowers,
            "cases_opened": opened,
            "planning": ["messages": planned.planned + planned.rescheduled, "seconds": Bench.round3(planningSeconds),
                         "messages_per_second": Int(Double(planned.planned + planned.rescheduled) / planningSeconds),
                         "cpu_microseconds_per_message": Bench.round3(planningCPU * 1e6 / Double(max(1, planned.planned + planned.rescheduled))),
                         "what": "cycle pass: cadence step, planner, gate at the planned time, template, personal link, outbox row, case event"],
            "dispatch": ["sent": drained.sent, "rescheduled": drained.rescheduled, "blocked": drained.blocked, "failed": drained.failed,
                         "seconds": Bench.round3(drainSeconds), "messages_per_second": Int(dispatchRate), "concurrency": concurrency,
                         // The dispatcher's own thread (gate, claims, records); the sends run on the sender threads.
                         "coordinator_cpu_microseconds_per_message": Bench.round3(drainCPU * 1e6 / Double(max(1, drained.sent + drained.rescheduled))),
                         "what": "backlog drain: gate at send time, claim, Exotel adapter over HTTP, settle, contacted event"],
            "sustained": sustained,
            "duplicates_at_gateway": gateway.log.duplicates.load(ordering: .relaxed),
            "reference": reference,
            "dispatch_ratio_to_reference": Bench.round3(dispatchRate / max(reference["messages_per_second"] as? Double ?? 1, 1)),
            "target": ["sustained_messages_per_second_at_least": 2000],
            // The target: 2,000 messages/s sustained. Met when the dispatcher keeps pace with 2,000/s offered (every
            // message delivered, p99 under a second, so no backlog grows) and nothing reaches the provider twice.
            "meets_target": (sustained["messages_per_second"] as? Int ?? 0) >= 1_980 && (sustained["kept_pace"] as? Bool ?? false)
                && gateway.log.duplicates.load(ordering: .relaxed) == 0,
            "peak_rss_mib": Bench.round3(Bench.peakRSSMiB()),
        ]
        FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys]) + Data("\n".utf8))
    }

    /// Enqueues `rate` messages a second for `seconds` (notices on the book's open cases, transactional so that caps do not
    /// hold them back; each send still records its `contacted` event) while a dispatcher drains the outbox; reports the
    /// achieved rate and enqueue-to-gateway latency.
    func sustainedRun(store: SQLiteStore, dbPath: String, providers: OutreachProviders, gateway: Gateway,
                      options: Dispatcher.Options, rate: Int = 2_000, seconds: Int = 10) throws -> [String: Any] {
        let samples = try store.outbox(lenderID: "default", loanID: nil, limit: 1_000).map(\.message)
        guard !samples.isEmpty else { return [:] }
        let total = rate * seconds
        let enqueued = Mutex<[String: UInt64]>([:])
        let done = Atomic<Bool>(false)
        let producer = Thread {
            do {
                let writer = try SQLiteStore(path: dbPath, sha256: Sodium.sha256)
                let perTick = rate / 100, start = DispatchTime.now().uptimeNanoseconds
                for tick in 0..<(total / perTick) {
                    let due = start + UInt64(tick) * 10_000_000
                    let now = DispatchTime.now().uptimeNanoseconds
                    if due > now { usleep(useconds_t((due - now) / 1_000)) }
                    var keys: [String] = []
                    try writer.transaction {
                        for index in 0..<perTick {
                            let sample = samples[(tick * perTick + index) % samples.count]
                            var message = OutboxMessage(lenderID: sample.lenderID, borrowerKey: sample.borrowerKey, loanKey: sample.loanKey,
                                                        caseKey: sample.caseKey, channel: "sms", template: sample.template, language: sample.language,
                                                        destination: sample.destination, body: sample.body,
                                                        status: .planned, plannedAt: Instant(iso: "2026-12-01T04:00:00Z")!,
                                                        idempotencyKey: "sustained-\(tick)-\(index)")
                            message.variables = sample.variables
                            message.purpose = .transactional
                            _ = try writer.enqueue(message)
                            keys.append(message.idempotencyKey)
                        }
                    }
                    let committed = DispatchTime.now().uptimeNanoseconds
                    enqueued.withLock { map in for key in keys { map[key] = committed } }
                }
            } catch {
                FileHandle.standardError.write(Data("producer failed: \(error)\n".utf8))
            }
            done.store(true, ordering: .releasing)
        }
        var options = options
        options.keepPolling = { !done.load(ordering: .acquiring) }
        let start = DispatchTime.now().uptimeNanoseconds
        producer.start()
        let summary = try Dispatcher(store: store, providers: providers, baseURL: "https://parley.example",
                                     now: Instant(iso: "2026-12-01T04:00:00Z")!, options: options).run()
        let arrivals = gateway.log.arrivals.withLock { $0 }
        let sent = enqueued.withLock { $0 }
        var latencies: [Double] = [], last: UInt64 = start
        let firstEnqueue = sent.values.min() ?? start, lastEnqueue = sent.values.max() ?? start
        for (key, at) in sent {
            guard let arrived = arrivals[key] else { continue }
            latencies.append(Double(Int64(arrived) - Int64(at)) / 1e6)
            last = max(last, arrived)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : Bench.round3(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))])
        }
        // Sustained: the rate the producer offered while the dispatcher kept pace. It kept pace when every message
        // arrived and the last one arrived within the latency it showed all along (no backlog built up).
        let offeredSeconds = Double(lastEnqueue - firstEnqueue) / 1e9
        let delivered = latencies.count
        return ["offered_per_second": rate, "seconds": seconds, "enqueued": sent.count, "sent": summary.sent,
                "delivered": delivered,
                "messages_per_second": Int(Double(delivered) / max(offeredSeconds, 1e-9)),
                "backlog_at_end_ms": Bench.round3(Double(Int64(last) - Int64(lastEnqueue)) / 1e6),
                "kept_pace": delivered == sent.count && percentile(0.99) < 1_000,
                "enqueue_to_sent_ms": ["p50": percentile(0.5), "p99": percentile(0.99), "max": percentile(1.0)]]
    }

    /// The same adapter and stand-in with nothing else: rendered messages straight to `send` on as many threads.
    func referenceRun(gateway: Gateway, set: ProviderSet, count: Int) throws -> [String: Any] {
        let provider = set.provider(for: .sms)
        let template = DefaultTemplates.template("reminder", channel: .sms, language: "en")!
        let next = Atomic<Int>(0), sent = Atomic<Int>(0)
        let start = DispatchTime.now().uptimeNanoseconds
        let group = DispatchGroup()
        for _ in 0..<concurrency {
            group.enter()
            Thread {
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < count else { break }
                    let values = ["name": "Asha", "lender": "Bench", "amount": "Rs 100.00", "link": "https://parley.example/p/x"]
                    guard let rendered = try? TemplateRenderer.render(template, values) else { continue }
                    var message = OutboundMessage(channel: .sms, destination: "+919800000000", template: "reminder", language: "en",
                                                  body: rendered.body, idempotencyKey: "reference-\(index)")
                    message.variables = template.variableNames.map { ($0, values[$0]!) }
                    message.dlt = template.dlt
                    if case .sent = provider.send(message) { sent.add(1, ordering: .relaxed) }
                }
                group.leave()
            }.start()
        }
        group.wait()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return ["what": "the Exotel adapter alone sending pre-rendered messages to the same stand-in on \(concurrency) threads",
                "messages": sent.load(ordering: .relaxed), "seconds": Bench.round3(seconds),
                "messages_per_second": Double(Int(Double(sent.load(ordering: .relaxed)) / seconds))]
    }

    /// Rewrites the generated book so every borrower is in India (one contact window for the whole run).
    static func moveToIndia(_ path: String) throws {
        let reader = try CSVReader(path: path)
        let writer = try CSVWriter(path: path + ".india")
        guard let header = try reader.next()?.fields, let zone = header.firstIndex(of: "timezone"),
              let jurisdiction = header.firstIndex(of: "jurisdiction"), let currency = header.firstIndex(of: "currency"),
              let phone = header.firstIndex(of: "phone"), let borrower = header.firstIndex(of: "borrower_id") else {
            throw AppError.invalidInput("unexpected loans.csv header")
        }
        try writer.writeRow(header)
        while let record = try reader.next() {
            var fields = record.fields
            fields[zone] = "Asia/Kolkata"; fields[jurisdiction] = "IN"; fields[currency] = "INR"
            fields[phone] = "+9198" + String(fields[borrower].filter(\.isNumber).suffix(8))
            try writer.writeRow(fields)
        }
        try writer.close()
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".india", toPath: path)
    }
}
