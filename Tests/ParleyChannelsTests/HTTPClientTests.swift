import Foundation
import Synchronization
import Testing
@testable import ParleyChannels

@Suite("HTTP client on libcurl")
struct HTTPClientTests {
    @Test func postsBytesAndReadsTheCompleteResponse() throws {
        let standIn = try StandInProvider()
        standIn.answer(201, json: #"{"ok":"किस्त"}"#, headers: [("Retry-After", "7"), ("X-Trace", "a"), ("X-Trace", "b")])
        let client = HTTPClient()
        let body = Array(#"{"note":"नमस्ते"}"#.utf8)
        let request = HTTPClientRequest(method: .POST, url: standIn.baseURL + "/v1/things?x=1",
                                        headers: ["Content-Type": "application/json", "X-Custom": "v 1"], body: body)
        let response = try client.send(request).get()
        #expect(response.status == 201)
        #expect(response.bodyText == #"{"ok":"किस्त"}"#)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.headers["RETRY-AFTER"] == "7")
        #expect(response.headers.values("x-trace") == ["a", "b"])
        let seen = try #require(standIn.requests.first)
        #expect(seen.method == .POST)
        #expect(seen.path == "/v1/things")
        #expect(seen.rawQuery == "x=1")
        #expect(seen.headers["X-Custom"] == "v 1")
        #expect(seen.headers["Expect"] == nil)
        #expect(seen.headers["User-Agent"] == "Parley")
        #expect(response.elapsedSeconds > 0 && response.elapsedSeconds < 5)
        #expect(seen.body == body)
    }

    @Test func anEmptyPostSendsAnEmptyBody() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: "{}")
        let response = try HTTPClient().send(HTTPClientRequest(method: .POST, url: standIn.baseURL + "/empty")).get()
        #expect(response.status == 200)
        #expect(standIn.requests.first?.body == [])
        #expect(standIn.requests.first?.headers["Content-Length"] == "0")
    }

    @Test func otherMethodsKeepTheirName() throws {
        let standIn = try StandInProvider()
        standIn.answer(204, json: "")
        standIn.answer(200, json: #"{"got":true}"#)
        let client = HTTPClient()
        #expect(try client.send(HTTPClientRequest(method: .DELETE, url: standIn.baseURL + "/x/1")).get().status == 204)
        #expect(try client.send(HTTPClientRequest(method: .GET, url: standIn.baseURL + "/x/2")).get().bodyText == #"{"got":true}"#)
        #expect(standIn.requests.map(\.method) == [.DELETE, .GET])
    }

    @Test func aSecondRequestReusesTheKeptAliveConnection() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: "{}")
        standIn.answer(200, json: "{}")
        let client = HTTPClient()
        let request = HTTPClientRequest(method: .GET, url: standIn.baseURL + "/ping")
        #expect(try client.send(request).get().newConnections == 1)
        #expect(try client.send(request).get().newConnections == 0)
        #expect(client.idleHandles == 1)
    }

    @Test func concurrentCallersEachGetTheirOwnHandle() throws {
        let standIn = try StandInProvider()
        for index in 0..<4 { standIn.answer(200, json: #"{"n":\#(index)}"#, delayMilliseconds: 300) }
        let client = HTTPClient()
        let statuses = Mutex<[Int]>([])
        let group = DispatchGroup()
        for _ in 0..<4 {
            group.enter()
            Thread {
                let status = (try? client.send(HTTPClientRequest(method: .GET, url: standIn.baseURL + "/slow")).get().status) ?? -1
                statuses.withLock { $0.append(status) }
                group.leave()
            }.start()
        }
        #expect(group.wait(timeout: .now() + 10) == .success)
        #expect(statuses.withLock { $0 } == [200, 200, 200, 200])
        #expect(client.idleHandles >= 2, "overlapping calls must not share one handle")
    }

    @Test func aClosedPortIsAConnectionError() {
        let port = Fixtures.closedPort()
        let result = HTTPClient().send(HTTPClientRequest(method: .POST, url: "http://127.0.0.1:\(port)/v1/send?token=s3cret"))
        guard case .failure(let error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error.kind == .connectionFailed)
        #expect(error.curlCode == 7)
        #expect(error.target == "POST http://127.0.0.1:\(port)/v1/send")
        #expect(!error.description.contains("s3cret"))
    }

    @Test func aSlowServerTimesOut() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: "{}", delayMilliseconds: 700)
        let client = HTTPClient(configuration: .init(connectTimeout: .milliseconds(500), timeout: .milliseconds(200)))
        let result = client.send(HTTPClientRequest(method: .GET, url: standIn.baseURL + "/slow"))
        guard case .failure(let error) = result else { Issue.record("expected a timeout, got \(result)"); return }
        #expect(error.kind == .timedOut)
        #expect(error.curlCode == 28)
    }

    @Test func anUnknownHostIsReported() {
        let result = HTTPClient().send(HTTPClientRequest(method: .GET, url: "http://nonexistent.invalid/"))
        guard case .failure(let error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error.kind == .hostNotFound)
    }

    @Test func anOversizedResponseIsCutOff() throws {
        let standIn = try StandInProvider()
        standIn.answer(200, json: String(repeating: "x", count: 5000))
        let client = HTTPClient(configuration: .init(maxResponseBytes: 1000))
        let result = client.send(HTTPClientRequest(method: .GET, url: standIn.baseURL + "/big"))
        guard case .failure(let error) = result else { Issue.record("expected a failure, got \(result)"); return }
        #expect(error.kind == .responseTooLarge)
        #expect(error.detail == "the response exceeds 1000 bytes")
    }

    @Test(arguments: [
        HTTPClientRequest(method: .GET, url: "file:///etc/passwd"),
        HTTPClientRequest(method: .GET, url: "http://127.0.0.1/a b"),
        HTTPClientRequest(method: .GET, url: "http://127.0.0.1/", headers: ["X-Evil": "a\r\nInjected: yes"]),
        HTTPClientRequest(method: .GET, url: "http://127.0.0.1/", headers: ["Bad Name": "v"]),
    ])
    func unsafeRequestsAreRefusedBeforeSending(request: HTTPClientRequest) {
        let result = HTTPClient().send(request)
        guard case .failure(let error) = result else { Issue.record("expected a refusal, got \(result)"); return }
        #expect(error.kind == .invalidRequest)
        #expect(error.curlCode == 0)
    }

    @Test func safeTargetDropsCredentialsAndQuery() {
        #expect(HTTPClientError.safeTarget(method: "GET", url: "https://key:token@api.exotel.com/v1/A/Sms?x=1#f")
                == "GET https://api.exotel.com/v1/A/Sms")
    }
}
