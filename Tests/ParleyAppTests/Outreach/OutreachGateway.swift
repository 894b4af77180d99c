#if canImport(Glibc)
import Glibc
#endif
import Foundation
import ParleyCore
import ParleyHTTP
import Synchronization

/// A stand-in for every HTTP provider at once (Exotel SMS, WhatsApp Cloud, FCM v1): Parley's own HTTP server on
/// 127.0.0.1 and a free port. It tells the channel by the request path, records each request with its idempotency key
/// (Exotel's `CustomField`, FCM's `data.idempotency_key`, WhatsApp's recipient and template), and answers with what
/// the test scripted for that channel, else with the provider's success shape carrying an id derived from the key.
final class OutreachGateway: Sendable {
    /// One request as the stand-in saw it.
    struct Received: Sendable {
        let channel: Channel
        let key: String
        let to: String
        let body: String
        /// Monotonic arrival time, nanoseconds.
        let uptime: UInt64
    }

    /// An answer the test wants a channel to give.
    struct Answer: Sendable {
        let status: Int
        let json: String
        var headers: [String: String] = [:]
    }

    private final class Exchange: Sendable {
        let received = Mutex<[Received]>([])
        let scripted = Mutex<[Channel: [Answer]]>([:])
        let always = Mutex<[Channel: Answer]>([:])
    }

    private let server: HTTPServer
    private let exchange = Exchange()

    /// `delayMilliseconds` slows every answer (a provider under load).
    init(delayMilliseconds: UInt32 = 0, threads: Int = 2) throws {
        let router = Router(errorLog: { _ in })
        let exchange = exchange
        let handler: Handler = { request in
            let uptime = DispatchTime.now().uptimeNanoseconds
            guard let seen = Self.read(request, uptime: uptime) else { return .text("unknown provider path", status: 404) }
            exchange.received.withLock { $0.append(seen) }
            let answer = exchange.scripted.withLock { queue -> Answer? in
                guard var pending = queue[seen.channel], !pending.isEmpty else { return nil }
                let next = pending.removeFirst()
                queue[seen.channel] = pending
                return next
            } ?? exchange.always.withLock { $0[seen.channel] } ?? Self.success(seen)
            if delayMilliseconds > 0 { usleep(delayMilliseconds * 1000) }
            var response = HTTPResponse.json(answer.json, status: answer.status)
            for (name, value) in answer.headers { response.headers.add(name, value) }
            return response
        }
        router.add(.POST, "/*path", handler)
        server = HTTPServer(configuration: ServerConfiguration(bindAddress: "127.0.0.1", port: 0, threads: threads), router: router)
        try server.start()
    }

    deinit { server.stop(graceTimeout: 1) }

    var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// The next answers of `channel`, in order; after them the channel answers as `always` says, else with success.
    func script(_ channel: Channel, _ answers: Answer...) {
        exchange.scripted.withLock { $0[channel, default: []] += answers }
    }

    /// Every further answer of `channel` (after any scripted ones).
    func always(_ channel: Channel, _ answer: Answer) {
        exchange.always.withLock { $0[channel] = answer }
    }

    var received: [Received] { exchange.received.withLock { $0 } }

    func received(_ channel: Channel) -> [Received] { received.filter { $0.channel == channel } }

    /// How many requests carried each idempotency key.
    var countsByKey: [String: Int] { received.reduce(into: [:]) { $0[$1.key, default: 0] += 1 } }

    /// The most requests that arrived within any `seconds`-long span.
    func busiestSpan(seconds: Double) -> Int {
        let times = received.map(\.uptime).sorted()
        let span = UInt64(seconds * 1e9)
        var best = 0, start = 0
        for end in times.indices {
            while times[end] - times[start] >= span { start += 1 }
            best = max(best, end - start + 1)
        }
        return best
    }

    /// The provider id the default success answer gives a message with this key.
    static func providerID(_ channel: Channel, key: String) -> String {
        switch channel {
        case .sms: "sid-" + key
        case .whatsapp: "wamid-" + key
        case .push: "projects/parley-test/messages/" + key
        case .email: key
        }
    }

    /// A provider configuration (`--providers` JSON) pointing SMS, WhatsApp and push at this stand-in; email stays `log`.
    func configuration(ratePerSecond: Int = 1000, requireDLT: Bool = true) -> String {
        """
        {"sms":{"kind":"sms_exotel","base_url":"\(baseURL)","account_sid":"parleytest","api_key":"exo-key","api_token":"exo-token",\
        "sender":"PRLYTS","entity_id":"1101000000000000077","webhook_secret":"sms-hook","require_dlt":\(requireDLT),\
        "rate_per_second":\(ratePerSecond)},\
        "whatsapp":{"kind":"whatsapp_cloud","base_url":"\(baseURL)","version":"v21.0","phone_number_id":"109876543210",\
        "access_token":"wa-token","app_secret":"wa-secret","verify_token":"wa-verify","rate_per_second":\(ratePerSecond)},\
        "push":{"kind":"fcm_v1","base_url":"\(baseURL)","project_id":"parley-test","access_token":"fcm-token",\
        "rate_per_second":\(ratePerSecond)}}
        """
    }

    // MARK: Provider answer shapes

    static func exotelError(_ status: Int, code: Int, _ message: String, retryAfter: Int? = nil) -> Answer {
        Answer(status: status, json: #"{"RestException":{"Status":\#(status),"Code":\#(code),"Message":"\#(message)"}}"#,
               headers: retryAfter.map { ["Retry-After": String($0)] } ?? [:])
    }

    static func graphError(_ status: Int, code: Int, _ message: String) -> Answer {
        Answer(status: status, json: #"{"error":{"message":"\#(message)","type":"OAuthException","code":\#(code),"fbtrace_id":"AbCdEfGh"}}"#)
    }

    static let fcmUnregistered = Answer(status: 404, json: """
        {"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND","details":[\
        {"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":"UNREGISTERED"}]}}
        """)

    private static func success(_ seen: Received) -> Answer {
        let id = providerID(seen.channel, key: seen.key)
        switch seen.channel {
        case .sms:
            return Answer(status: 200, json: (["SMSMessage": ["Sid": .string(id), "AccountSid": "parleytest", "To": .string(seen.to),
                                                              "Status": "queued"]] as JSONValue).canonical)
        case .whatsapp:
            return Answer(status: 200, json: (["messaging_product": "whatsapp",
                                               "contacts": [["input": .string(seen.to), "wa_id": .string(seen.to)]],
                                               "messages": [["id": .string(id)]]] as JSONValue).canonical)
        case .push, .email:
            return Answer(status: 200, json: (["name": .string(id)] as JSONValue).canonical)
        }
    }

    private static func read(_ request: HTTPRequest, uptime: UInt64) -> Received? {
        if request.path.hasSuffix("/Sms/send.json") {
            let form = (try? request.formFields()) ?? [:]
            return Received(channel: .sms, key: form["CustomField"] ?? "", to: form["To"] ?? "", body: form["Body"] ?? "", uptime: uptime)
        }
        let json = request.bodyText.flatMap { try? JSONParser.parse($0) }
        if request.path.hasSuffix("/messages:send") {
            let message = json?["message"]
            return Received(channel: .push, key: message?["data"]?["idempotency_key"]?.stringValue ?? "",
                            to: message?["token"]?.stringValue ?? "", body: message?["notification"]?["body"]?.stringValue ?? "",
                            uptime: uptime)
        }
        if request.path.hasSuffix("/messages") {
            let to = json?["to"]?.stringValue ?? ""
            let name = json?["template"]?["name"]?.stringValue ?? "text"
            return Received(channel: .whatsapp, key: "whatsapp:\(to):\(name)", to: to,
                            body: json?["text"]?["body"]?.stringValue ?? "", uptime: uptime)
        }
        return nil
    }
}
