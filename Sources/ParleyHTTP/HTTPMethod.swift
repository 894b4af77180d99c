/// The standard request methods (RFC 9110). A method no route takes — one of these or any other token —
/// is answered with 405 and the path's `Allow` header (404 when no route serves the path).
public enum HTTPMethod: String, Sendable, CaseIterable, Hashable {
    case GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, CONNECT
}
