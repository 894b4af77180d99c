import Foundation

/// A fragment of HTML whose interpolated strings are escaped by default.
///
/// `"<p>\(name)</p>" as HTML` escapes `name`; only another `HTML` value is
/// inserted as it is. Pages are built from these fragments, so forgetting to
/// escape a value takes deliberate effort.
public struct HTML: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let rendered: String

    public var description: String { rendered }

    public init(stringLiteral value: String) {
        rendered = value
    }

    public init(stringInterpolation: Interpolation) {
        rendered = stringInterpolation.output
    }

    /// Markup that is already safe (built by this module).
    init(trusted: String) {
        rendered = trusted
    }

    static let empty: HTML = ""

    /// Concatenates fragments.
    static func join(_ parts: [HTML]) -> HTML {
        HTML(trusted: parts.map(\.rendered).joined())
    }

    public struct Interpolation: StringInterpolationProtocol {
        var output = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            output.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        public mutating func appendLiteral(_ literal: String) {
            output += literal
        }

        /// Text or an attribute value: escaped.
        public mutating func appendInterpolation(_ text: String) {
            output += HTML.escape(text)
        }

        public mutating func appendInterpolation(_ number: Int) {
            output += String(number)
        }

        public mutating func appendInterpolation(_ fragment: HTML) {
            output += fragment.rendered
        }

        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { output += fragment.rendered }
        }
    }

    /// Escapes text for HTML content and for double- or single-quoted attribute values.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A link target that cannot run script: relative paths, fragments, http(s),
    /// `mailto:` and `tel:` pass; anything else (`javascript:`, `data:`) becomes `#`.
    public static func safeURL(_ url: String) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let colon = trimmed.firstIndex(of: ":") else { return trimmed }
        let scheme = trimmed[..<colon]
        // A colon after a path, query or fragment separator is not a scheme.
        if scheme.contains(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { return trimmed }
        switch scheme.lowercased() {
        case "http", "https", "mailto", "tel": return trimmed
        default: return "#"
        }
    }
}
