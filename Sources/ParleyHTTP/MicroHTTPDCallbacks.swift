#if canImport(Glibc)
import Glibc
#endif
internal import CMicroHTTPD

// MHD's C callbacks. They are free functions (never actor-isolated), borrow
// the ServerCore passed as `cls`, and never let a Swift error reach C.

/// Per-request state, created when MHD parses the request line and released
/// in the completion callback. MHD calls back for one connection on one
/// thread at a time, so this class needs no lock.
final class RequestContext {
    let target: String
    let startNanoseconds = MonotonicClock.nanoseconds()
    var headReceived = false
    var method: HTTPMethod?
    var headers = HTTPHeaders()
    var remoteAddress = ""
    var limit = 0
    var body: [UInt8] = []
    var tooLarge = false

    init(target: String) {
        self.target = target
    }
}

/// Runs first for each request (MHD_OPTION_URI_LOG_CALLBACK) with the raw
/// request target; its result becomes the request's `*con_cls`.
func uriLogCallback(
    _ cls: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ connection: OpaquePointer?
) -> UnsafeMutableRawPointer? {
    guard let cls else { return nil }
    Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue().inFlight.add(1, ordering: .relaxed)
    let context = RequestContext(target: uri.map { String(cString: $0) } ?? "/")
    return Unmanaged.passRetained(context).toOpaque()
}

func requestCompletedCallback(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ contextSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, _ termination: MHD_RequestTerminationCode
) {
    guard let cls, let contextSlot, let pointer = contextSlot.pointee else { return }
    contextSlot.pointee = nil
    Unmanaged<RequestContext>.fromOpaque(pointer).release()
    Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue().inFlight.subtract(1, ordering: .releasing)
}

/// Called at least twice per request: once with the head, then with each
/// piece of the body, then once with nothing left, when the response is queued.
func accessHandlerCallback(
    _ cls: UnsafeMutableRawPointer?, _ connection: OpaquePointer?,
    _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?, _ version: UnsafePointer<CChar>?,
    _ uploadData: UnsafePointer<CChar>?, _ uploadDataSize: UnsafeMutablePointer<Int>?,
    _ contextSlot: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> MHD_Result {
    guard let cls, let connection, let uploadDataSize, let contextSlot else { return .NO }
    let core = Unmanaged<ServerCore>.fromOpaque(cls).takeUnretainedValue()
    if contextSlot.pointee == nil {
        // Only if MHD skipped the URI callback; keep the accounting balanced.
        core.inFlight.add(1, ordering: .relaxed)
        let target = url.map { String(cString: $0) } ?? "/"
        contextSlot.pointee = Unmanaged.passRetained(RequestContext(target: target)).toOpaque()
    }
    let context = Unmanaged<RequestContext>.fromOpaque(contextSlot.pointee!).takeUnretainedValue()

    if !context.headReceived {
        context.headReceived = true
        context.method = method.flatMap { HTTPMethod(rawValue: String(cString: $0)) }
        context.headers = connectionHeaders(connection)
        context.remoteAddress = clientAddress(connection)
        context.limit = core.configuration.bodyLimit(contentType: context.headers["Content-Type"])
        if context.method == nil {
            return reject(core.router.unknownMethodError(target: context.target), context, core, connection)
        }
        if let declared = context.headers["Content-Length"].flatMap({ Int($0.trimmingASCIIWhitespace()) }),
           declared > context.limit {
            // Answer before reading the body; MHD then closes the connection.
            return reject(.payloadTooLarge(), context, core, connection)
        }
        return .YES
    }

    let size = uploadDataSize.pointee
    if size > 0 {
        if !context.tooLarge, let uploadData {
            if context.body.count + size > context.limit {
                // A chunked upload past the limit: drop it and answer 413 at the end.
                context.tooLarge = true
                context.body = []
            } else {
                UnsafeRawPointer(uploadData).withMemoryRebound(to: UInt8.self, capacity: size) {
                    context.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
                }
            }
        }
        uploadDataSize.pointee = 0
        return .YES
    }

    if context.tooLarge {
        return reject(.payloadTooLarge(), context, core, connection)
    }
    let request = HTTPRequest(method: context.method ?? .GET, target: context.target, headers: context.headers,
                              body: context.body, remoteAddress: context.remoteAddress)
    context.body = []
    let (response, route) = core.router.dispatch(request, keepHeadBody: true)
    return send(response, for: request, route: route, context, core, connection)
}

private func reject(
    _ error: HTTPError, _ context: RequestContext, _ core: ServerCore, _ connection: OpaquePointer
) -> MHD_Result {
    let request = HTTPRequest(method: context.method ?? .GET, target: context.target,
                              headers: context.headers, remoteAddress: context.remoteAddress)
    var response = error.response(for: request)
    response.headers.replaceOrAdd("X-Request-Id", request.requestID)
    response.headers.replaceOrAdd("Connection", "close")
    return send(response, for: request, route: Router.unmatchedRouteName, context, core, connection)
}

private func send(
    _ response: HTTPResponse, for request: HTTPRequest, route: String,
    _ context: RequestContext, _ core: ServerCore, _ connection: OpaquePointer
) -> MHD_Result {
    let mhdResponse = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                                        .RESPMEM_MUST_COPY)
    }
    guard let mhdResponse else { return .NO }
    defer { MHD_destroy_response(mhdResponse) }
    for field in response.headers {
        // MHD refuses values with CR or LF, which keeps header injection out.
        _ = MHD_add_response_header(mhdResponse, field.name, field.value)
    }
    let result = MHD_queue_response(connection, UInt32(clamping: response.status), mhdResponse)

    let seconds = Double(MonotonicClock.nanoseconds() - context.startNanoseconds) / 1e9
    let method = context.method?.rawValue ?? "OTHER"
    core.metrics.record(route: route, method: method, status: response.status, durationSeconds: seconds)
    if let accessLog = core.accessLog {
        accessLog(AccessLogEntry(
            time: AccessLogEntry.now(), requestID: request.requestID, method: method,
            path: AccessLogEntry.redacting(request.path, route: route),
            route: route, status: response.status, bytes: request.method == .HEAD ? 0 : response.body.count,
            durationMilliseconds: seconds * 1000, remoteAddress: request.remoteAddress))
    }
    return result
}

private func connectionHeaders(_ connection: OpaquePointer) -> HTTPHeaders {
    var headers = HTTPHeaders()
    withUnsafeMutablePointer(to: &headers) { pointer in
        _ = MHD_get_connection_values(connection, .HEADER_KIND, { cls, _, key, value in
            guard let cls, let key else { return .YES }
            let headers = cls.assumingMemoryBound(to: HTTPHeaders.self)
            headers.pointee.add(String(cString: key), value.map { String(cString: $0) } ?? "")
            return .YES
        }, pointer)
    }
    return headers
}

private func clientAddress(_ connection: OpaquePointer) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    guard parley_mhd_client_address(connection, &buffer, buffer.count) == 0 else { return "" }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}
