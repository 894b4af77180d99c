extension OutreachPolicy {
    /// Reads the `outreach` section of a lender policy (`field` names it in errors); fields left
    /// out keep the standard values.
    public static func from(_ value: JSONValue, field: String = "outreach") throws(PolicyError) -> OutreachPolicy {
        guard case .object(let members) = value else { throw PolicyError(field: field, reason: "must be a JSON object") }
        let known: Set<String> = ["cadence", "adaptive", "windows", "caps"]
        for key in members.keys.sorted() where !known.contains(key) {
            throw PolicyError(field: "\(field).\(key)", reason: "unknown field (known: \(known.sorted().joined(separator: ", ")))")
        }
        var policy = OutreachPolicy.standard
        if let value = members["cadence"] { policy.cadence = try cadence(value, "\(field).cadence") }
        if let value = members["adaptive"] {
            guard case .bool(let flag) = value else { throw PolicyError(field: "\(field).adaptive", reason: "must be true or false") }
            policy.adaptive = flag
        }
        if let value = members["windows"] { policy.windows = try windows(value, "\(field).windows") }
        if let value = members["caps"] { policy.caps = try CapsOverride.from(value, field: "\(field).caps") }
        return policy
    }

    private static func cadence(_ value: JSONValue, _ field: String) throws(PolicyError) -> [CadenceStep] {
        guard case .array(let items) = value, (1...100).contains(items.count) else {
            throw PolicyError(field: field, reason: "must be a list of 1 to 100 steps")
        }
        var steps: [CadenceStep] = []
        for (index, item) in items.enumerated() {
            let step = try cadenceStep(item, "\(field)[\(index)]")
            if let previous = steps.last, step.day <= previous.day {
                throw PolicyError(field: "\(field)[\(index)].day", reason: "\(step.day) is not after the previous step's day "
                                  + "\(previous.day) (days must strictly increase)")
            }
            steps.append(step)
        }
        return steps
    }

    private static func cadenceStep(_ value: JSONValue, _ field: String) throws(PolicyError) -> CadenceStep {
        guard case .object(let members) = value else {
            throw PolicyError(field: field, reason: "must be an object with day, template and channels")
        }
        let known: Set<String> = ["day", "template", "channels"]
        for key in members.keys.sorted() where !known.contains(key) {
            throw PolicyError(field: "\(field).\(key)", reason: "unknown field (known: channels, day, template)")
        }
        for key in ["day", "template", "channels"] where members[key] == nil {
            throw PolicyError(field: "\(field).\(key)", reason: "is required")
        }
        guard case .int(let day) = members["day"]! else { throw PolicyError(field: "\(field).day", reason: "must be an integer") }
        guard (0...3650).contains(day) else { throw PolicyError(field: "\(field).day", reason: "\(day) is outside 0…3650") }
        let knownTemplates = OutreachTemplate.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        guard case .string(let key) = members["template"]! else {
            throw PolicyError(field: "\(field).template", reason: "must be a template key (known: \(knownTemplates))")
        }
        guard let template = OutreachTemplate(rawValue: key) else {
            throw PolicyError(field: "\(field).template", reason: "unknown template \"\(key)\" (known: \(knownTemplates))")
        }
        guard case .array(let names) = members["channels"]!, !names.isEmpty else {
            throw PolicyError(field: "\(field).channels", reason: "must be a non-empty list of channels (email, push, sms, whatsapp)")
        }
        var channels: [Channel] = []
        for (index, name) in names.enumerated() {
            let entry = "\(field).channels[\(index)]"
            guard case .string(let text) = name, let channel = Channel(rawValue: text) else {
                throw PolicyError(field: entry, reason: "must be one of email, push, sms, whatsapp")
            }
            guard !channels.contains(channel) else { throw PolicyError(field: entry, reason: "\(text) is listed twice") }
            channels.append(channel)
        }
        return CadenceStep(day: Int(day), template: template, channels: channels)
    }

    private static func windows(_ value: JSONValue, _ field: String) throws(PolicyError) -> [ContactWindow] {
        guard case .array(let items) = value, (1...24).contains(items.count) else {
            throw PolicyError(field: field, reason: "must be a list of 1 to 24 windows such as \"09:00-11:00\"")
        }
        var windows: [ContactWindow] = []
        for (index, item) in items.enumerated() {
            let entry = "\(field)[\(index)]"
            guard case .string(let text) = item, let (start, end) = span(text) else {
                throw PolicyError(field: entry, reason: "must be a local time span \"HH:MM-HH:MM\" such as \"09:00-11:00\"")
            }
            guard start < end else {
                throw PolicyError(field: entry, reason: "starts at \(LocalDateTime.clock(start)), which is not before its end "
                                  + "\(LocalDateTime.clock(end))")
            }
            if let previous = windows.last, start < previous.endMinute {
                throw PolicyError(field: entry, reason: "starts at \(LocalDateTime.clock(start)), before the previous window ends at "
                                  + "\(LocalDateTime.clock(previous.endMinute)) (windows must be sorted and must not overlap)")
            }
            windows.append(ContactWindow(startMinute: start, endMinute: end))
        }
        return windows
    }

    /// Minutes of `HH:MM-HH:MM`; the end may be `24:00`.
    private static func span(_ text: String) -> (Int, Int)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 11, bytes[5] == UInt8(ascii: "-"),
              let start = clock(bytes[0..<5]), start < 1440, let end = clock(bytes[6..<11]) else { return nil }
        return (start, end)
    }

    private static func clock(_ bytes: ArraySlice<UInt8>) -> Int? {
        let digits = Array(bytes)
        guard digits[2] == UInt8(ascii: ":") else { return nil }
        var values: [Int] = []
        for index in [0, 1, 3, 4] {
            let digit = Int(digits[index]) - 48
            guard (0...9).contains(digit) else { return nil }
            values.append(digit)
        }
        let hour = values[0] * 10 + values[1], minute = values[2] * 10 + values[3]
        guard minute < 60, hour < 24 || (hour == 24 && minute == 0) else { return nil }
        return hour * 60 + minute
    }
}
