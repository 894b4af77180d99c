/// Validation of loan-book rows (SPEC.md "Loan book input"). Pure: the time-zone database is passed in.
public enum RowValidation {
    public static let loanColumns = ["loan_id", "borrower_id", "borrower_name", "phone", "email", "language",
                                     "timezone", "jurisdiction", "currency", "principal", "annual_rate_bps",
                                     "tenure_months", "first_due_on", "emi"]
    public static let paymentColumns = ["loan_id", "paid_on", "amount", "reference"]

    /// Validates one `loans.csv` row whose fields are in `loanColumns` order.
    public static func loan(_ fields: [String], isKnownTimeZone: (String) -> Bool) throws(FieldError) -> LoanRecord {
        let loanID = try identifier(fields[0], "loan_id")
        let borrowerID = try identifier(fields[1], "borrower_id")
        let name = fields[2].trimmingSpaces
        guard !name.isEmpty else { throw FieldError(column: "borrower_name", reason: "is empty") }
        guard name.utf8.count <= 200 else { throw FieldError(column: "borrower_name", reason: "longer than 200 bytes") }
        let phone = fields[3].trimmingSpaces
        guard isE164(phone) else {
            throw FieldError(column: "phone", reason: "\"\(phone)\" is not an E.164 number such as +919876543210")
        }
        let emailText = fields[4].trimmingSpaces
        if !emailText.isEmpty, !isPlausibleEmail(emailText) {
            throw FieldError(column: "email", reason: "\"\(emailText)\" is not an email address")
        }
        let languageText = fields[5].trimmingSpaces
        let language = languageText.isEmpty ? "en" : languageText
        guard isLanguageTag(language) else {
            throw FieldError(column: "language", reason: "\"\(language)\" is not a BCP 47 language tag such as en or hi")
        }
        let jurisdictionText = fields[7].trimmingSpaces
        guard let jurisdiction = Jurisdiction(rawValue: jurisdictionText) else {
            throw FieldError(column: "jurisdiction", reason: "unknown jurisdiction \"\(jurisdictionText)\" (expected IN, US or GB)")
        }
        let zoneText = fields[6].trimmingSpaces
        let zone = zoneText.isEmpty ? jurisdiction.defaultTimeZone : zoneText
        guard isKnownTimeZone(zone) else {
            throw FieldError(column: "timezone", reason: "unknown IANA time zone \"\(zone)\"")
        }
        let currencyText = fields[8].trimmingSpaces
        guard let currency = Currency(code: currencyText) else {
            throw FieldError(column: "currency", reason: "unknown currency \"\(currencyText)\" (ISO 4217, e.g. INR)")
        }
        let principal = try amount(fields[9], "principal", currency)
        guard principal > 0 else { throw FieldError(column: "principal", reason: "must be greater than zero") }
        let rate = try integer(fields[10], "annual_rate_bps", 0...100_000)
        let tenure = try integer(fields[11], "tenure_months", 1...600)
        let firstDueText = fields[12].trimmingSpaces
        guard let firstDue = CivilDate(iso: firstDueText) else {
            throw FieldError(column: "first_due_on", reason: "\"\(firstDueText)\" is not a date YYYY-MM-DD")
        }
        let emiText = fields[13].trimmingSpaces
        var emi: Int64?
        if !emiText.isEmpty {
            emi = try amount(emiText, "emi", currency)
            guard emi! > 0 else { throw FieldError(column: "emi", reason: "must be greater than zero") }
        }
        let terms = LoanTerms(principal: principal, annualRateBps: rate, tenureMonths: tenure, firstDueOn: firstDue, emi: emi)
        return LoanRecord(loanID: loanID, borrowerID: borrowerID, borrowerName: name, phone: phone,
                          email: emailText.isEmpty ? nil : emailText, language: language, timeZone: zone,
                          jurisdiction: jurisdiction, currency: currency, terms: terms, emiGiven: emi != nil)
    }

    /// Validates one `payments.csv` row; the amount's precision is checked later against the loan's currency.
    public static func payment(_ fields: [String], digits: (String) -> Int?) throws(FieldError) -> PaymentRecord {
        let loanID = try identifier(fields[0], "loan_id")
        let dateText = fields[1].trimmingSpaces
        guard let paidOn = CivilDate(iso: dateText) else {
            throw FieldError(column: "paid_on", reason: "\"\(dateText)\" is not a date YYYY-MM-DD")
        }
        guard let currencyDigits = digits(loanID) else {
            throw FieldError(column: "loan_id", reason: "unknown loan \"\(loanID)\"")
        }
        let amountText = fields[2].trimmingSpaces
        let amount: Int64
        do { amount = try Money.parseMinor(amountText, digits: currencyDigits) } catch {
            throw FieldError(column: "amount", reason: error.description)
        }
        guard amount > 0 else { throw FieldError(column: "amount", reason: "must be greater than zero") }
        let reference = try identifier(fields[3], "reference")
        return PaymentRecord(loanID: loanID, paidOn: paidOn, amount: amount, reference: reference)
    }

    static func identifier(_ text: String, _ column: String) throws(FieldError) -> String {
        let value = text.trimmingSpaces
        guard !value.isEmpty else { throw FieldError(column: column, reason: "is empty") }
        guard value.utf8.count <= 100 else { throw FieldError(column: column, reason: "longer than 100 bytes") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw FieldError(column: column, reason: "contains control characters")
        }
        return value
    }

    static func amount(_ text: String, _ column: String, _ currency: Currency) throws(FieldError) -> Int64 {
        do { return try Money.parseMinor(text.trimmingSpaces, digits: currency.minorDigits) } catch {
            throw FieldError(column: column, reason: error.description)
        }
    }

    static func integer(_ text: String, _ column: String, _ range: ClosedRange<Int>) throws(FieldError) -> Int {
        let value = text.trimmingSpaces
        guard let number = Int(value), value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw FieldError(column: column, reason: "\"\(value)\" is not a whole number")
        }
        guard range.contains(number) else {
            throw FieldError(column: column, reason: "\(number) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return number
    }

    static func isE164(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.count <= 16, bytes[0] == UInt8(ascii: "+"), bytes[1] != UInt8(ascii: "0") else { return false }
        return bytes.dropFirst().allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              text.utf8.count <= 254 else { return false }
        return !text.unicodeScalars.contains { $0 == " " || $0.value < 0x20 }
    }

    static func isLanguageTag(_ text: String) -> Bool {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = subtags.first, (2...3).contains(primary.count),
              primary.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }) else { return false }
        return subtags.dropFirst().allSatisfy { tag in
            (1...8).contains(tag.count) && tag.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        }
    }
}

extension String {
    /// Without leading and trailing ASCII spaces and tabs.
    var trimmingSpaces: String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = bytes.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}

extension RowValidation {
    /// Ids chosen by operators (lenders): lowercase letters, digits, '-' and '_', 1–64 characters.
    public static func isSlug(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy {
            ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95
        }
    }
}
