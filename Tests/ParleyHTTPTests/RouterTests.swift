import Synchronization
import Testing
@testable import ParleyHTTP

@Suite struct RouterTests {
    private func makeRouter() -> Router {
        let router = Router(errorLog: { _ in })
        router.add(.GET, "/api/v1/cases/:id", name: "case") { request in
            .text("case \(request.pathParameters["id"] ?? "?") via \(request.routeName)")
        }
        router.add(.GET, "/api/v1/cases/summary") { _ in .text("summary") }
        router.add(.POST, "/api/v1/cases/:id") { _ in .empty() }
        router.add(.GET, "/static/*path") { request in .text("file \(request.pathParameters["path"] ?? "")") }
        router.add(.GET, "/") { _ in .text("home") }
        return router
    }

    @Test(arguments: Transport.allCases)
    func matchesLiteralsParametersAndWildcards(transport: Transport) throws {
        let client = try TestClient(transport, router: makeRouter())
        #expect(try client.execute(.GET, "/api/v1/cases/42").bodyText == "case 42 via case")
        #expect(try client.execute(.GET, "/api/v1/cases/a%20b%2Fc").bodyText == "case a b/c via case")
        #expect(try client.execute(.GET, "/api/v1/cases/summary").bodyText == "summary")
        #expect(try client.execute(.GET, "/static/css/site.css").bodyText == "file css/site.css")
        #expect(try client.execute(.GET, "/").bodyText == "home")
        #expect(try client.execute(.POST, "/api/v1/cases/7").status == 204)
        // Literal segments compare after percent-decoding; same-length look-alikes and doubled slashes are handled.
        #expect(try client.execute(.GET, "/%61pi/v1/cases/s%75mmary").bodyText == "summary")
        #expect(try client.execute(.GET, "/api//v1/cases/9/").bodyText == "case 9 via case")
        #expect(try client.execute(.GET, "/apx/v1/cases/9").status == 404)
        #expect(try client.execute(.GET, "/static/a%2Fb/c%20d").bodyText == "file a/b/c d")
    }

    @Test(arguments: Transport.allCases)
    func unknownPathIs404AndWrongMethodIs405WithAllow(transport: Transport) throws {
        let client = try TestClient(transport, router: makeRouter())
        let missing = try client.execute(.GET, "/nope")
        #expect(missing.status == 404)
        #expect(missing.bodyText == "not found\n")
        #expect(try client.execute(.GET, "/api/v1/cases").status == 404)

        let wrongMethod = try client.execute(.DELETE, "/api/v1/cases/42")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"] == "GET, HEAD, POST")
        #expect(wrongMethod.headers["Content-Type"] == "application/json")
        #expect(wrongMethod.bodyText == #"{"error":{"status":405,"message":"method not allowed"}}"#)
    }

    @Test(arguments: Transport.allCases)
    func headIsServedByGetWithoutBody(transport: Transport) throws {
        let client = try TestClient(transport, router: makeRouter())
        let response = try client.execute(.HEAD, "/")
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["Content-Type"] == "text/plain; charset=utf-8")
        if transport == .live { #expect(response.headers["Content-Length"] == "4") }
        // The connection is still usable after a HEAD.
        #expect(try client.execute(.GET, "/").bodyText == "home")
    }

    @Test(arguments: Transport.allCases)
    func everyResponseCarriesARequestID(transport: Transport) throws {
        let client = try TestClient(transport, router: makeRouter())
        let generated = try client.execute(.GET, "/")
        let id = try #require(generated.headers["X-Request-Id"])
        #expect(id.count == 16)
        #expect(id.allSatisfy { $0.isHexDigit })
        #expect(try client.execute(.GET, "/nope", headers: ["X-Request-Id": "abc-123.x_Y"]).headers["X-Request-Id"] == "abc-123.x_Y")
        let insane = try client.execute(.GET, "/", headers: ["X-Request-Id": "has space;"])
        #expect(insane.headers["X-Request-Id"] != "has space;")
        #expect(insane.headers["X-Request-Id"]?.count == 16)
    }

    @Test func thrownHTTPErrorRendersAsJSONForAPIAndTextElsewhere() {
        let router = Router()
        router.add(.GET, "/api/v1/secret") { _ in throw HTTPError.forbidden("no access") }
        router.add(.GET, "/page") { _ in throw HTTPError.forbidden("no access") }
        let api = router.respond(to: HTTPRequest(method: .GET, target: "/api/v1/secret"))
        #expect(api.status == 403)
        #expect(api.bodyText == #"{"error":{"status":403,"message":"no access"}}"#)
        let page = router.respond(to: HTTPRequest(method: .GET, target: "/page"))
        #expect(page.bodyText == "no access\n")
        #expect(page.headers["Content-Type"] == "text/plain; charset=utf-8")
        let negotiated = router.respond(to: HTTPRequest(method: .GET, target: "/page", headers: ["Accept": "application/json"]))
        #expect(negotiated.headers["Content-Type"] == "application/json")
    }

    @Test(arguments: Transport.allCases)
    func unexpectedErrorIs500WithCorrelationIDAndNoDetail(transport: Transport) throws {
        struct DatabaseExploded: Error { let detail = "password=hunter2" }
        let logged = Mutex<[String]>([])
        let router = Router(errorLog: { line in logged.withLock { $0.append(line) } })
        router.add(.GET, "/boom") { _ in throw DatabaseExploded() }
        let client = try TestClient(transport, router: router)
        let response = try client.execute(.GET, "/boom", headers: ["X-Request-Id": "req-500"])
        #expect(response.status == 500)
        #expect(response.bodyText == "internal error, correlation id req-500\n")
        #expect(response.headers["X-Request-Id"] == "req-500")
        #expect(response.bodyText?.contains("hunter2") == false)
        let lines = logged.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("req-500") == true)
        #expect(lines.first?.contains("DatabaseExploded") == true)
    }

    @Test func routeTableFindsEveryRouteThatFitsAndKeepsRegistrationOrder() {
        let router = Router()
        for pattern in ["/", "/a", "/:x", "/a/:id/c", "/a/:id/:tail", "/:p/b/c", "/a/b/c", "/files/*rest"] {
            router.add(.GET, pattern) { request in .text(request.routeName) }
        }
        router.add(.POST, "/a/:id/c") { _ in .text("post") }
        func name(_ target: String, _ method: HTTPMethod = .GET) -> (Int, String) {
            let response = router.respond(to: HTTPRequest(method: method, target: target))
            return (response.status, response.bodyText ?? "")
        }
        #expect(name("/") == (200, "/"))
        #expect(name("/a") == (200, "/a"))
        #expect(name("/zz") == (200, "/:x"))
        #expect(name("/a/7/c") == (200, "/a/:id/c"))
        #expect(name("/a/7/d") == (200, "/a/:id/:tail"))
        #expect(name("/a/b/c") == (200, "/a/b/c"))
        #expect(name("/q/b/c") == (200, "/:p/b/c"))
        #expect(name("/a/7/c", .POST) == (200, "post"))
        #expect(name("/files/x/y/z") == (200, "/files/*rest"))
        #expect(name("/%61") == (200, "/a"), "an escaped first segment still finds its literal route")
        #expect(name("/q/r/s").0 == 404)
        #expect(name("/a/b/c/d").0 == 404)
        let notAllowed = router.respond(to: HTTPRequest(method: .DELETE, target: "/a/7/c"))
        #expect(notAllowed.status == 405)
        #expect(notAllowed.headers["Allow"] == "GET, HEAD, POST")
    }

    @Test func requestIDsAreDistinctSixteenHexDigits() {
        let ids = (0..<10_000).map { _ in RequestID.generate() }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.utf8.count == 16 && $0.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) } })
        #expect(RequestID.accept("client-id_1.2") == "client-id_1.2")
        #expect(RequestID.accept("bad id") == nil)
    }

    @Test func specificityPrefersLiteralsOverRegistrationOrder() {
        #expect(RoutePattern("/a/b").isMoreSpecific(than: RoutePattern("/a/:x")))
        #expect(RoutePattern("/a/:x").isMoreSpecific(than: RoutePattern("/a/*rest")))
        #expect(!RoutePattern("/a/*rest").isMoreSpecific(than: RoutePattern("/a/:x")))
        #expect(RoutePattern("/static/*path").match(["static"]) == nil)
        #expect(RoutePattern("/x/:id").match(["x", "1", "2"]) == nil)
    }
}
