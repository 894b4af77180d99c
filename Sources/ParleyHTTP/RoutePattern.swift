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
    /// The UTF-8 bytes of each literal segment (empty for the others), compared with the request's bytes.
    let literalBytes: [[UInt8]]

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
        literalBytes = segments.map { Array(($0.literal ?? "").utf8) }
    }

    var hasWildcard: Bool {
        if case .wildcard = segments.last { return true }
        return false
    }

    /// The captured parameters when `path` matches.
    func match(_ path: RawPath) -> [String: String]? {
        guard path.count == segments.count || (hasWildcard && path.count >= segments.count) else { return nil }
        var parameters: [String: String] = [:]
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .literal:
                guard path.segment(index, equals: literalBytes[index]) else { return nil }
            case .parameter(let name):
                parameters[name] = path.text(index)
            case .wildcard(let name):
                parameters[name] = (index..<path.count).map { path.text($0) }.joined(separator: "/")
            }
        }
        return parameters
    }

    /// `match` over segments given as text (raw, percent-encoded), for tests.
    func match(_ path: [Substring]) -> [String: String]? {
        match(RawPath("/" + path.joined(separator: "/")))
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

/// A raw (percent-encoded) request path as bytes, with the ranges of its non-empty `/`-separated segments.
/// Routing compares these bytes with the patterns' literal bytes; text is made only for captured parameters.
struct RawPath {
    private let bytes: [UInt8]
    private let ranges: [Range<Int>]

    init(_ rawPath: String) {
        bytes = Array(rawPath.utf8)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(8)
        bytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "/") {
                if start != index { ranges.append(start..<index) }
                start = index + 1
            }
            if start != bytes.count { ranges.append(start..<bytes.count) }
        }
        self.ranges = ranges
    }

    var count: Int { ranges.count }

    /// Whether segment `index` is `literal`: byte for byte, or, for a segment holding escapes, once decoded.
    func segment(_ index: Int, equals literal: [UInt8]) -> Bool {
        let range = ranges[index]
        return bytes.withUnsafeBufferPointer { bytes in
            let segment = UnsafeBufferPointer(rebasing: bytes[range])
            if segment.count == literal.count, segment.elementsEqual(literal) { return true }
            // Each `%XX` is three bytes for one, so only a longer segment with an escape can decode to the literal.
            guard segment.count > literal.count, segment.contains(UInt8(ascii: "%")) else { return false }
            return PercentDecoding.decodeLeniently(String(decoding: segment, as: UTF8.self), plusAsSpace: false)
                == String(decoding: literal, as: UTF8.self)
        }
    }

    /// Segment `index` as text, percent-decoded (a broken escape is kept as written).
    func text(_ index: Int) -> String {
        let range = ranges[index]
        return bytes.withUnsafeBufferPointer { bytes in
            let segment = UnsafeBufferPointer(rebasing: bytes[range])
            let text = String(decoding: segment, as: UTF8.self)
            return segment.contains(UInt8(ascii: "%")) ? PercentDecoding.decodeLeniently(text, plusAsSpace: false) : text
        }
    }
}
