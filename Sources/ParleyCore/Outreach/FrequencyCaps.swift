/// How many collection messages a borrower may receive. Per-day caps count the borrower's local
/// calendar day; 7-day caps count any 7 × 24 hours. A channel missing from a per-channel map has
/// no cap of that kind; a cap of 0 closes the channel.
public struct FrequencyCaps: Sendable, Hashable {
    public var perChannelPerDay: [Channel: Int]
    public var overallPerDay: Int
    /// US Regulation F presumes more than 7 attempts in 7 days is harassment.
    public var overallPer7Days: Int
    public var perChannelPer7Days: [Channel: Int]

    public init(perChannelPerDay: [Channel: Int], overallPerDay: Int, overallPer7Days: Int,
                perChannelPer7Days: [Channel: Int]) {
        self.perChannelPerDay = perChannelPerDay
        self.overallPerDay = overallPerDay
        self.overallPer7Days = overallPer7Days
        self.perChannelPer7Days = perChannelPer7Days
    }

    /// Conservative defaults: one message a day per channel (two for push), three a day overall;
    /// 7 in 7 days in the US (Regulation F), 10 elsewhere.
    public static func standard(_ jurisdiction: Jurisdiction) -> FrequencyCaps {
        let perDay: [Channel: Int] = [.whatsapp: 1, .sms: 1, .email: 1, .push: 2]
        let perWeek: [Channel: Int] = [.whatsapp: 3, .sms: 3, .email: 4, .push: 5]
        switch jurisdiction {
        case .unitedStates:
            return FrequencyCaps(perChannelPerDay: perDay, overallPerDay: 3, overallPer7Days: 7, perChannelPer7Days: perWeek)
        case .india, .unitedKingdom:
            return FrequencyCaps(perChannelPerDay: perDay, overallPerDay: 3, overallPer7Days: 10, perChannelPer7Days: perWeek)
        }
    }

    public var json: JSONValue {
        func map(_ caps: [Channel: Int]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: caps.map { ($0.key.rawValue, .int(Int64($0.value))) }))
        }
        return [
            "per_channel_per_day": map(perChannelPerDay),
            "overall_per_day": .int(Int64(overallPerDay)),
            "overall_per_7_days": .int(Int64(overallPer7Days)),
            "per_channel_per_7_days": map(perChannelPer7Days),
        ]
    }

    /// Reads the `frequency_caps` section of a lender policy; fields left out keep `defaults`,
    /// and a per-channel map given replaces only the channels it names.
    public static func from(_ value: JSONValue, defaults: FrequencyCaps) throws(PolicyError) -> FrequencyCaps {
        guard case .object(let members) = value else {
            throw PolicyError(field: "frequency_caps", reason: "must be a JSON object")
        }
        let known: Set<String> = ["per_channel_per_day", "overall_per_day", "overall_per_7_days", "per_channel_per_7_days"]
        for key in members.keys.sorted() where !known.contains(key) {
            throw PolicyError(field: "frequency_caps.\(key)", reason: "unknown field (known: \(known.sorted().joined(separator: ", ")))")
        }
        var caps = defaults
        if let value = members["overall_per_day"] { caps.overallPerDay = try count(value, "frequency_caps.overall_per_day") }
        if let value = members["overall_per_7_days"] { caps.overallPer7Days = try count(value, "frequency_caps.overall_per_7_days") }
        if let value = members["per_channel_per_day"] {
            try merge(value, "frequency_caps.per_channel_per_day", into: &caps.perChannelPerDay)
        }
        if let value = members["per_channel_per_7_days"] {
            try merge(value, "frequency_caps.per_channel_per_7_days", into: &caps.perChannelPer7Days)
        }
        return caps
    }

    private static func merge(_ value: JSONValue, _ field: String, into caps: inout [Channel: Int]) throws(PolicyError) {
        guard case .object(let entries) = value else {
            throw PolicyError(field: field, reason: "must be an object of channel (whatsapp, sms, email, push) to a count")
        }
        for name in entries.keys.sorted() {
            guard let channel = Channel(rawValue: name) else {
                throw PolicyError(field: "\(field).\(name)", reason: "unknown channel (known: email, push, sms, whatsapp)")
            }
            caps[channel] = try count(entries[name]!, "\(field).\(name)")
        }
    }

    private static func count(_ value: JSONValue, _ field: String) throws(PolicyError) -> Int {
        guard case .int(let number) = value else { throw PolicyError(field: field, reason: "must be an integer") }
        guard (0...1000).contains(number) else { throw PolicyError(field: field, reason: "\(number) is outside 0…1000") }
        return Int(number)
    }
}
