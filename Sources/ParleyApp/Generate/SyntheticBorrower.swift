import ParleyCore

/// A synthetic borrower: the contact columns of `loans.csv`, shared by all of that borrower's loans.
struct SyntheticBorrower {
    let id: String
    let name: String
    let phone: String
    let email: String
    let language: String
    let timeZone: String
    let jurisdiction: Jurisdiction

    var currency: String {
        switch jurisdiction {
        case .india: return "INR"
        case .unitedStates: return "USD"
        case .unitedKingdom: return "GBP"
        }
    }

    static func make(number: Int, using random: inout SeededRandom) -> SyntheticBorrower {
        let jurisdiction = random.weighted([(Jurisdiction.india, 70), (.unitedStates, 15), (.unitedKingdom, 15)])
        let language: String, timeZone: String
        let firstNames: [SyntheticNames.Name], lastNames: [SyntheticNames.Name]
        switch jurisdiction {
        case .india:
            language = random.weighted([("en", 40), ("hi", 30), ("ta", 8), ("te", 8), ("mr", 7), ("bn", 7)])
            timeZone = "Asia/Kolkata"
            (firstNames, lastNames) = (SyntheticNames.indianFirst, SyntheticNames.indianLast)
        case .unitedStates:
            language = random.weighted([("en", 85), ("es", 15)])
            timeZone = random.weighted([("America/New_York", 45), ("America/Chicago", 28), ("America/Denver", 7),
                                        ("America/Los_Angeles", 17), ("America/Phoenix", 3)])
            (firstNames, lastNames) = (SyntheticNames.usFirst, SyntheticNames.usLast)
        case .unitedKingdom:
            language = random.weighted([("en", 92), ("cy", 8)])
            timeZone = "Europe/London"
            (firstNames, lastNames) = (SyntheticNames.gbFirst, SyntheticNames.gbLast)
        }
        let first = random.pick(firstNames), last = random.pick(lastNames)

        let name: String
        let style = random.int(in: 0...99)
        if language == "hi", let firstDevanagari = first.devanagari, let lastDevanagari = last.devanagari, style < 50 {
            name = firstDevanagari + " " + lastDevanagari
        } else if style >= 96 {
            name = last.latin + ", " + first.latin                                    // needs quoting
        } else if style >= 94 {
            name = first.latin + " \"" + random.pick(SyntheticNames.nicknames) + "\" " + last.latin  // doubled quotes
        } else {
            name = first.latin + " " + last.latin
        }

        var email = ""
        if random.percent(80) {
            let separator = random.pick([".", "_", ""])
            let suffix = random.percent(50) ? String(random.int(in: 1...999)) : ""
            email = SyntheticNames.emailPart(first.latin) + separator + SyntheticNames.emailPart(last.latin) + suffix
                + "@" + random.pick(SyntheticNames.emailDomains[jurisdiction]!)
        }

        return SyntheticBorrower(id: "B" + zeroPadded(number, 6), name: name, phone: phone(jurisdiction, &random),
                                 email: email, language: language, timeZone: timeZone, jurisdiction: jurisdiction)
    }

    /// E.164 numbers shaped like the country's mobiles: +91 [6-9]xxxxxxxxx, +1 NXX NXX XXXX, +44 7xxx xxxxxx.
    static func phone(_ jurisdiction: Jurisdiction, _ random: inout SeededRandom) -> String {
        var text: String
        switch jurisdiction {
        case .india:
            text = "+91" + String(random.int(in: 6...9)) + digits(9, &random)
        case .unitedStates:
            text = "+1" + String(random.int(in: 2...9)) + digits(2, &random)
            text += String(random.int(in: 2...9)) + digits(6, &random)
        case .unitedKingdom:
            text = "+447" + digits(9, &random)
        }
        return text
    }

    static func digits(_ count: Int, _ random: inout SeededRandom) -> String {
        var text = ""
        for _ in 0..<count { text.unicodeScalars.append(Unicode.Scalar(UInt8(48 + random.int(in: 0...9)))) }
        return text
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
