import ParleyCore

/// Name lists for synthetic borrowers: Indian names carry a Devanagari spelling for Hindi speakers.
enum SyntheticNames {
    struct Name {
        let latin: String
        let devanagari: String?
        init(_ latin: String, _ devanagari: String? = nil) {
            self.latin = latin
            self.devanagari = devanagari
        }
    }

    static let indianFirst: [Name] = [
        Name("Priya", "प्रिया"), Name("Rahul", "राहुल"), Name("Amit", "अमित"), Name("Anjali", "अंजलि"),
        Name("Vikram", "विक्रम"), Name("Sunita", "सुनीता"), Name("Rajesh", "राजेश"), Name("Pooja", "पूजा"),
        Name("Arjun", "अर्जुन"), Name("Kavya", "काव्या"), Name("Suresh", "सुरेश"), Name("Neha", "नेहा"),
        Name("Ravi", "रवि"), Name("Deepa", "दीपा"), Name("Manoj", "मनोज"), Name("Lakshmi", "लक्ष्मी"),
        Name("Karthik", "कार्तिक"), Name("Meena", "मीना"), Name("Sanjay", "संजय"), Name("Divya", "दिव्या"),
        Name("Anil", "अनिल"), Name("Asha", "आशा"), Name("Venkatesh", "वेंकटेश"), Name("Geeta", "गीता"),
        Name("Rohan", "रोहन"), Name("Shreya", "श्रेया"), Name("Imran", "इमरान"), Name("Fatima", "फ़ातिमा"),
        Name("Harpreet", "हरप्रीत"), Name("Aditi", "अदिति"), Name("Sourav", "सौरव"), Name("Murugan", "मुरुगन"),
    ]
    static let indianLast: [Name] = [
        Name("Sharma", "शर्मा"), Name("Verma", "वर्मा"), Name("Patel", "पटेल"), Name("Singh", "सिंह"),
        Name("Kumar", "कुमार"), Name("Gupta", "गुप्ता"), Name("Reddy", "रेड्डी"), Name("Iyer", "अय्यर"),
        Name("Nair", "नायर"), Name("Rao", "राव"), Name("Joshi", "जोशी"), Name("Desai", "देसाई"),
        Name("Mehta", "मेहता"), Name("Chatterjee", "चटर्जी"), Name("Banerjee", "बनर्जी"), Name("Das", "दास"),
        Name("Pillai", "पिल्लै"), Name("Kulkarni", "कुलकर्णी"), Name("Khan", "ख़ान"), Name("Mishra", "मिश्रा"),
        Name("Agarwal", "अग्रवाल"), Name("Yadav", "यादव"), Name("Menon", "मेनन"), Name("Bose", "बोस"),
        Name("Naidu", "नायडू"), Name("Pawar", "पवार"),
    ]
    static let usFirst: [Name] = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Maria", "José", "Carlos", "Ana", "Luis", "Sofía", "Aisha", "Wei", "Tyrone",
        "Emily", "Daniel", "Jessica", "Zoë", "Renée", "Kevin", "Ashley",
    ].map { Name($0) }
    static let usLast: [Name] = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Nguyen",
        "O'Connor", "Kim", "Peña", "Washington",
    ].map { Name($0) }
    static let gbFirst: [Name] = [
        "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Olivia", "Charlie", "Emily", "Thomas",
        "Sophie", "Mohammed", "Priya", "Rhys", "Cerys", "Dafydd", "Siân", "Gareth", "Megan", "Niamh", "Chloë",
    ].map { Name($0) }
    static let gbLast: [Name] = [
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Roberts",
        "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson", "White", "Hughes", "Edwards", "Green",
        "O'Brien", "Patel", "Khan", "Llewellyn",
    ].map { Name($0) }
    /// Nicknames written in quotes inside a full name, so CSV quote escaping gets exercised.
    static let nicknames = ["Bob", "Bill", "Liz", "Kate", "Jim", "Jen", "Mike", "Dave", "Sam", "Max", "Raju", "Pinky"]

    static let emailDomains: [Jurisdiction: [String]] = [
        .india: ["gmail.com", "yahoo.co.in", "rediffmail.com", "outlook.com"],
        .unitedStates: ["gmail.com", "yahoo.com", "outlook.com", "icloud.com"],
        .unitedKingdom: ["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"],
    ]

    /// Lower-case ASCII letters of a Latin name for an email address: diacritics folded, the rest dropped.
    static func emailPart(_ name: String) -> String {
        var result = ""
        for scalar in name.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z": result.unicodeScalars.append(scalar)
            case "á", "â", "à", "ä": result += "a"
            case "é", "è", "ê", "ë": result += "e"
            case "í", "ï": result += "i"
            case "ó", "ö": result += "o"
            case "ú", "ü": result += "u"
            case "ñ": result += "n"
            default: break
            }
        }
        return result
    }
}
