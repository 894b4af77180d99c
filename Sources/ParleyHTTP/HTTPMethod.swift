/// The request methods Parley serves; anything else is answered with 501.
public enum HTTPMethod: String, Sendable, CaseIterable, Hashable {
    case GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS
}
