/// The daily span in which a collection message may start, in local minutes of the day.
/// A send may start at or after `startMinute` and strictly before `endMinute`.
public struct ContactWindow: Hashable, Sendable, CustomStringConvertible {
    public let startMinute: Int
    public let endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        precondition(0 <= startMinute && startMinute < endMinute && endMinute <= 1440,
                     "a contact window needs 0 <= start < end <= 1440")
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    public func contains(minuteOfDay: Int) -> Bool { minuteOfDay >= startMinute && minuteOfDay < endMinute }

    /// `08:00–19:00`.
    public var description: String { LocalDateTime.clock(startMinute) + "–" + LocalDateTime.clock(endMinute) }

    public var json: JSONValue {
        ["start": .string(LocalDateTime.clock(startMinute)), "end": .string(LocalDateTime.clock(endMinute))]
    }
}

/// The contact rules of one jurisdiction: hours in the borrower's local time, holidays, Sundays.
public struct ComplianceProfile: Hashable, Sendable {
    public var jurisdiction: Jurisdiction
    public var contactWindow: ContactWindow
    /// Local dates on which no collection message is sent.
    public var holidays: Set<CivilDate>
    /// When true, Sundays (local) are treated like holidays.
    public var noContactOnSunday: Bool

    public init(jurisdiction: Jurisdiction, contactWindow: ContactWindow, holidays: Set<CivilDate>,
                noContactOnSunday: Bool = false) {
        self.jurisdiction = jurisdiction
        self.contactWindow = contactWindow
        self.holidays = holidays
        self.noContactOnSunday = noContactOnSunday
    }

    /// SPEC.md's hours (IN 08:00–19:00, US and GB 08:00–21:00) with the built-in 2026–2027 holidays.
    public static func standard(_ jurisdiction: Jurisdiction) -> ComplianceProfile {
        switch jurisdiction {
        case .india:
            return ComplianceProfile(jurisdiction: .india, contactWindow: ContactWindow(startMinute: 8 * 60, endMinute: 19 * 60),
                                     holidays: Holidays.india)
        case .unitedStates:
            return ComplianceProfile(jurisdiction: .unitedStates, contactWindow: ContactWindow(startMinute: 8 * 60, endMinute: 21 * 60),
                                     holidays: Holidays.unitedStates)
        case .unitedKingdom:
            return ComplianceProfile(jurisdiction: .unitedKingdom, contactWindow: ContactWindow(startMinute: 8 * 60, endMinute: 21 * 60),
                                     holidays: Holidays.englandAndWales)
        }
    }

    /// Whether a local date is closed to collection messages, and by which rule.
    public func closedRule(on date: CivilDate) -> String? {
        if holidays.contains(date) { return "holiday" }
        if noContactOnSunday && date.weekdayIndex == 6 { return "sunday" }
        return nil
    }
}
