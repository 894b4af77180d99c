/// Built-in holiday lists for 2026–2027. A lender or operator can replace them on the profile.
///
/// Where a holiday falls on a weekend and an observed or substitute weekday is declared, both the
/// day itself and the substitute day are listed: contacting a borrower on Christmas Day or on
/// 4 July is as unwelcome as on the day off that replaces it.
public enum Holidays {
    /// Government of India: the three national holidays and the gazetted holidays of the central
    /// government (DoPT list for 2026). The 2027 gazetted list is published in mid-2026; until then
    /// only the national holidays and the dates fixed by calendar (Good Friday, Christmas) are listed.
    public static let india: Set<CivilDate> = dates([
        // 2026
        "2026-01-26", // Republic Day
        "2026-03-04", // Holi
        "2026-03-21", // Id-ul-Fitr
        "2026-03-26", // Ram Navami
        "2026-03-31", // Mahavir Jayanti
        "2026-04-03", // Good Friday
        "2026-05-01", // Buddha Purnima
        "2026-05-27", // Id-ul-Zuha (Bakrid)
        "2026-06-26", // Muharram
        "2026-08-15", // Independence Day
        "2026-08-26", // Milad-un-Nabi
        "2026-09-04", // Janmashtami
        "2026-10-02", // Mahatma Gandhi's Birthday
        "2026-10-20", // Dussehra
        "2026-11-08", // Diwali
        "2026-11-24", // Guru Nanak's Birthday
        "2026-12-25", // Christmas Day
        // 2027
        "2027-01-26", // Republic Day
        "2027-03-26", // Good Friday
        "2027-08-15", // Independence Day
        "2027-10-02", // Mahatma Gandhi's Birthday
        "2027-12-25", // Christmas Day
    ])

    /// United States federal holidays (5 U.S.C. 6103), with the observed weekday when one falls on a weekend.
    public static let unitedStates: Set<CivilDate> = dates([
        // 2026
        "2026-01-01", // New Year's Day
        "2026-01-19", // Birthday of Martin Luther King, Jr.
        "2026-02-16", // Washington's Birthday
        "2026-05-25", // Memorial Day
        "2026-06-19", // Juneteenth
        "2026-07-03", "2026-07-04", // Independence Day (Saturday; observed Friday 3 July)
        "2026-09-07", // Labor Day
        "2026-10-12", // Columbus Day
        "2026-11-11", // Veterans Day
        "2026-11-26", // Thanksgiving Day
        "2026-12-25", // Christmas Day
        // 2027
        "2027-01-01", // New Year's Day
        "2027-01-18", // Birthday of Martin Luther King, Jr.
        "2027-02-15", // Washington's Birthday
        "2027-05-31", // Memorial Day
        "2027-06-18", "2027-06-19", // Juneteenth (Saturday; observed Friday 18 June)
        "2027-07-04", "2027-07-05", // Independence Day (Sunday; observed Monday 5 July)
        "2027-09-06", // Labor Day
        "2027-10-11", // Columbus Day
        "2027-11-11", // Veterans Day
        "2027-11-25", // Thanksgiving Day
        "2027-12-24", "2027-12-25", // Christmas Day (Saturday; observed Friday 24 December)
        "2027-12-31", // New Year's Day 2028 (Saturday), observed Friday 31 December 2027
    ])

    /// Bank holidays in England and Wales (gov.uk), with the weekend day a substitute day replaces.
    public static let englandAndWales: Set<CivilDate> = dates([
        // 2026
        "2026-01-01", // New Year's Day
        "2026-04-03", // Good Friday
        "2026-04-06", // Easter Monday
        "2026-05-04", // Early May bank holiday
        "2026-05-25", // Spring bank holiday
        "2026-08-31", // Summer bank holiday
        "2026-12-25", // Christmas Day
        "2026-12-26", "2026-12-28", // Boxing Day (Saturday; substitute Monday 28 December)
        // 2027
        "2027-01-01", // New Year's Day
        "2027-03-26", // Good Friday
        "2027-03-29", // Easter Monday
        "2027-05-03", // Early May bank holiday
        "2027-05-31", // Spring bank holiday
        "2027-08-30", // Summer bank holiday
        "2027-12-25", "2027-12-27", // Christmas Day (Saturday; substitute Monday 27 December)
        "2027-12-26", "2027-12-28", // Boxing Day (Sunday; substitute Tuesday 28 December)
    ])

    private static func dates(_ texts: [String]) -> Set<CivilDate> {
        Set(texts.map { text in
            guard let date = CivilDate(iso: text) else { preconditionFailure("bad built-in holiday \(text)") }
            return date
        })
    }
}
