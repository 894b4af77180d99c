import Foundation

/// IANA time-zone names known to this system, looked up once.
public struct TimeZoneCatalogue: Sendable {
    public static let shared = TimeZoneCatalogue()
    let names: Set<String>
    public init() { names = Set(TimeZone.knownTimeZoneIdentifiers) }
    /// IANA names only (Area/Location, or UTC): abbreviations such as IST or GMT+5 are refused.
    public func contains(_ name: String) -> Bool {
        names.contains(name) || name == "UTC" || (name.contains("/") && !name.hasPrefix("GMT") && TimeZone(identifier: name) != nil)
    }
}

