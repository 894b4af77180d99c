/// A lender's tightening of the standard frequency caps (`outreach.caps`). Only the fields given
/// replace the jurisdiction's standard values; every value must be at or below the standard cap
/// of every jurisdiction, since the standard caps carry the legal limits (US Regulation F: 7 in 7 days).
public struct CapsOverride: Hashable, Sendable {
    public var perChannelPerDay: [Channel: Int]
    public var overallPerDay: Int?
    public var overallPer7Days: Int?
    public var perChannelPer7Days: [Channel: Int]

    public init(perChannelPerDay: [Channel: Int] = [:], overallPerDay: Int? = nil, overallPer7Days: Int? = nil,
                perChannelPer7Days: [Channel: Int] = [:]) {
        self.perChannelPerDay = perChannelPerDay
        self.overallPerDay = overallPerDay
        self.overallPer7Days = overallPer7Days
        self.perChannelPer7Days = perChannelPer7Days
    }

    /// `standard` with the overridden fields replaced, never above the standard value.
    public func applied(to standard: FrequencyCaps) -> FrequencyCaps {
        var caps = standard
        func tighter(_ value: Int, _ ceiling: Int?) -> Int { ceiling.map { min(value, $0) } ?? value }
        if let overallPerDay { caps.overallPerDay = min(overallPerDay, standard.overallPerDay) }
        if let overallPer7Days { caps.overallPer7Days = min(overallPer7Days, standard.overallPer7Days) }
        for (channel, value) in perChannelPerDay { caps.perChannelPerDay[channel] = tighter(value, standard.perChannelPerDay[channel]) }
        for (channel, value) in perChannelPer7Days {
            caps.perChannelPer7Days[channel] = tighter(value, standard.perChannelPer7Days[channel])
        }
        return caps
    }

    public var json: JSONValue {
        func map(_ caps: [Channel: Int]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: caps.map { ($0.key.rawValue, .int(Int64($0.value))) }))
        }
        var members: [String: JSONValue] = [:]
        if !perChannelPerDay.isEmpty { members["per_channel_per_day"] = map(perChannelPerDay) }
        if let overallPerDay { members["overall_per_day"] = .int(Int64(overallPerDay)) }
        if let overallPer7Days { members["overall_per_7_days"] = .int(Int64(overallPer7Days)) }
        if !perChannelPer7Days.isEmpty { members["per_channel_per_7_days"] = map(perChannelPer7Days) }
        return .object(members)
    }
}

extension CapsOverride {
    /// Reads `outreach.caps` (or the section at `field`); `null` means no override.
    public static func from(_ value: JSONValue, field: String) throws(PolicyError) -> CapsOverride? {
        if value == .null { return nil }
        guard case .object(let members) = value else { throw PolicyError(field: field, reason: "must be a JSON object") }
        let known: Set<String> = ["per_channel_per_day", "overall_per_day", "overall_per_7_days", "per_channel_per_7_days"]
        for key in members.keys.sorted() where !known.contains(key) {
            throw PolicyError(field: "\(field).\(key)", reason: "unknown field (known: \(known.sorted().joined(separator: ", ")))")
        }
        var caps = CapsOverride()
        if let value = members["per_channel_per_day"] {
            caps.perChannelPerDay = try channelCounts(value, "\(field).per_channel_per_day", limit: { $0.perChannelPerDay[$1] },
                                                       kind: { "\($0.displayName) " }, period: "a day")
        }
        if let value = members["overall_per_day"] {
            caps.overallPerDay = try count(value, "\(field).overall_per_day", limit: { $0.overallPerDay }, kind: "", period: "a day")
        }
        if let value = members["overall_per_7_days"] {
            caps.overallPer7Days = try count(value, "\(field).overall_per_7_days", limit: { $0.overallPer7Days },
                                             kind: "", period: "in 7 days")
        }
        if let value = members["per_channel_per_7_days"] {
            caps.perChannelPer7Days = try channelCounts(value, "\(field).per_channel_per_7_days",
                                                         limit: { $0.perChannelPer7Days[$1] },
                                                         kind: { "\($0.displayName) " }, period: "in 7 days")
        }
        return caps
    }

    private static func channelCounts(_ value: JSONValue, _ field: String, limit: (FrequencyCaps, Channel) -> Int?,
                                      kind: (Channel) -> String, period: String) throws(PolicyError) -> [Channel: Int] {
        guard case .object(let entries) = value else {
            throw PolicyError(field: field, reason: "must be an object of channel (whatsapp, sms, email, push) to a count")
        }
        var counts: [Channel: Int] = [:]
        for name in entries.keys.sorted() {
            guard let channel = Channel(rawValue: name) else {
                throw PolicyError(field: "\(field).\(name)", reason: "unknown channel (known: email, push, sms, whatsapp)")
            }
            counts[channel] = try count(entries[name]!, "\(field).\(name)", limit: { limit($0, channel) }, kind: kind(channel), period: period)
        }
        return counts
    }

    /// A count in 0…1000 that is no looser than the strictest jurisdiction's standard cap.
    private static func count(_ value: JSONValue, _ field: String, limit: (FrequencyCaps) -> Int?,
                              kind: String, period: String) throws(PolicyError) -> Int {
        guard case .int(let number) = value else { throw PolicyError(field: field, reason: "must be an integer") }
        guard (0...1000).contains(number) else { throw PolicyError(field: field, reason: "\(number) is outside 0…1000") }
        let strictest = Jurisdiction.allCases.compactMap { jurisdiction in
            limit(.standard(jurisdiction)).map { (jurisdiction, $0) }
        }.min { $0.1 < $1.1 }
        if let (jurisdiction, cap) = strictest, Int(number) > cap {
            let law = jurisdiction == .unitedStates && field.hasSuffix("overall_per_7_days")
                ? " (Regulation F presumes more than \(cap) in 7 days is harassment)" : ""
            throw PolicyError(field: field, reason: "\(number) is looser than the \(jurisdiction.rawValue) standard cap of "
                              + "\(cap) \(kind)\(cap == 1 ? "message" : "messages") \(period)\(law); a policy may only tighten the caps")
        }
        return Int(number)
    }
}
