/// A parsed route pattern such as `/api/v1/cases/:id` or `/static/*path`.
struct RoutePattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        /// Captures the rest of the path (one or more segments); must come last.
        case wildcard(String)

        var literal: String? {
            if case .literal(let text) = self { return text }
            return nil
        }
    }

    let segments: [Segment]

    init(_ pattern: String) {
        let pieces = pattern.split(separator: "/", omittingEmptySubsequences: true)
        segments = pieces.enumerated().map { index, piece in
            if piece.hasPrefix(":") { return .parameter(String(piece.dropFirst())) }
            if piece.hasPrefix("*") {
                precondition(index == pieces.count - 1, "a *wildcard must be the last segment of \(pattern)")
                return .wildcard(String(piece.dropFirst()))
            }
            return .literal(String(piece))
        }
    }

    var hasWildcard: Bool {
        if case .wildcard = segments.last { return true }
        return false
    }

    /// The non-empty `/`-separated segments of a raw path, split on its bytes.
    static func segments(of rawPath: String) -> [Substring] {
        // `/` is ASCII, so every cut of the bytes falls on a character boundary.
        let bytes = rawPath.utf8
        var result: [Substring] = []
        result.reserveCapacity(8)
        var start = bytes.startIndex, index = start
        while index != bytes.endIndex {
            if bytes[index] == UInt8(ascii: "/") {
                if start != index { result.append(rawPath[start..<index]) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if start != index { result.append(rawPath[start..<index]) }
        return result
    }

    /// The captured parameters when `path` (raw, percent-encoded segments) matches.
    func match(_ path: [Substring]) -> [String: String]? {
        guard segments.count == path.count || hasWildcard else { return nil }
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal(let literal):
                guard index < path.count, Self.segment(path[index], equals: literal) else { return nil }
            case .parameter(let name):
                guard index < path.count else { return nil }
                parameters[name] = PercentDecoding.decodeLeniently(path[index], plusAsSpace: false)
            case .wildcard(let name):
                guard index < path.count else { return nil }
                parameters[name] = path[index...]
                    .map { PercentDecoding.decodeLeniently($0, plusAsSpace: false) }
                    .joined(separator: "/")
                return parameters
            }
        }
        return segments.count == path.count ? parameters : nil
    }

    /// Compares without decoding unless the segment holds an escape (the common case is none).
    static func segment(_ raw: Substring, equals literal: String) -> Bool {
        raw.utf8.contains(UInt8(ascii: "%"))
            ? PercentDecoding.decodeLeniently(raw, plusAsSpace: false) == literal
            : raw == literal
    }

    /// Literal segments beat parameters, which beat a wildcard, position by position.
    func isMoreSpecific(than other: RoutePattern) -> Bool {
        for (mine, theirs) in zip(segments, other.segments) where Self.rank(mine) != Self.rank(theirs) {
            return Self.rank(mine) > Self.rank(theirs)
        }
        return segments.count > other.segments.count
    }

    private static func rank(_ segment: Segment) -> Int {
        switch segment {
        case .literal: 2
        case .parameter: 1
        case .wildcard: 0
        }
    }
}
