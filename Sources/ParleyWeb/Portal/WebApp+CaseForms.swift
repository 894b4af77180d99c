import ParleyCore
import ParleyCrypto
import ParleyHTTP
import ParleyStore

/// The borrower's forms on a case: own terms, hardship, documents, dispute, a message. Each becomes an event.
extension WebApp {
    func registerCaseForms() {
        caseForm("proposal") { app, summary, form, store, visit in
            var errors: [FormField: Message] = [:]
            let currency = try store.loan(lenderID: summary.lenderID, loanID: summary.loanID)?.record.currency ?? .inr
            let amount = try? Money.parseMinor((form["amount"] ?? "").filter { $0 != "," && $0 != " " }, digits: currency.minorDigits)
            if (form["amount"] ?? "").isEmpty { errors[.amount] = Message(.errRequired) }
            else if amount == nil || amount! <= 0 { errors[.amount] = Message(.errAmount) }
            let instalments = Int(form["instalments"] ?? "")
            if instalments == nil || !(1...FormLimits.maxInstalments).contains(instalments!) { errors[.instalments] = Message(.errInstalments) }
            let firstDate = CivilDate(iso: form["first_date"] ?? "")
            if (form["first_date"] ?? "").isEmpty { errors[.firstDate] = Message(.errRequired) }
            else if firstDate == nil { errors[.firstDate] = Message(.errDate) }
            else if firstDate! < app.today { errors[.firstDate] = Message(.errDatePast) }
            guard errors.isEmpty, let amount, let instalments, let firstDate else { return .invalid(errors) }
            let text = MoneyText.format(amount, currency)
            return .event(.negotiationStarted, [
                "kind": "proposal", "amount": .int(amount), "currency": .string(currency.code),
                "instalments": .int(Int64(instalments)), "first_date": .string(firstDate.description),
                "summary": .string("The borrower proposed \(text) in \(instalments) instalment(s) from \(firstDate)."),
            ], "proposal")
        }
        caseForm("hardship") { app, summary, form, store, visit in
            var errors: [FormField: Message] = [:]
            let currency = try store.loan(lenderID: summary.lenderID, loanID: summary.loanID)?.record.currency ?? .inr
            func amount(_ field: FormField) -> Int64? {
                let text = (form[field.rawValue] ?? "").filter { $0 != "," && $0 != " " }
                if text.isEmpty { errors[field] = Message(.errRequired); return nil }
                guard let value = try? Money.parseMinor(text, digits: currency.minorDigits) else { errors[field] = Message(.errAmount); return nil }
                return value
            }
            let income = amount(.income), expenses = amount(.expenses)
            let dependantsText = form["dependants"] ?? ""
            let dependants = dependantsText.isEmpty ? 0 : Int(dependantsText)
            if dependants == nil || dependants! < 0 || dependants! > 50 { errors[.dependants] = Message(.errWholeNumber) }
            let statement = form["statement"] ?? ""
            if statement.count > FormLimits.maxStatementCharacters {
                errors[.statement] = Message(.errTooLong, [String(FormLimits.maxStatementCharacters)])
            }
            guard errors.isEmpty, let income, let expenses, let dependants else { return .invalid(errors) }
            return .event(.holdPlaced, [
                "kind": "hardship", "hold": "hardship", "monthly_income": .int(income), "monthly_expenses": .int(expenses),
                "currency": .string(currency.code), "dependants": .int(Int64(dependants)), "statement": .string(statement),
                "summary": .string("The borrower stated a hardship: income \(MoneyText.format(income, currency)), expenses \(MoneyText.format(expenses, currency)) a month."),
            ], "hardship")
        }
        caseForm("dispute") { app, summary, form, store, visit in
            guard let reason = DisputeReason(rawValue: form["reason"] ?? "") else { return .invalid([.reason: Message(.errChooseReason)]) }
            let details = form["details"] ?? ""
            if details.count > FormLimits.maxStatementCharacters {
                return .invalid([.details: Message(.errTooLong, [String(FormLimits.maxStatementCharacters)])])
            }
            return .event(.holdPlaced, [
                "kind": "dispute", "hold": "dispute", "reason": .string(reason.rawValue), "details": .string(details),
                "summary": .string("The borrower disputed the debt (\(reason.rawValue.replacingUnderscores))."),
            ], "dispute")
        }
        caseForm("message") { app, summary, form, store, visit in
            let message = form["message"] ?? ""
            if message.trimmingSpaces.isEmpty { return .invalid([.message: Message(.errRequired)]) }
            if message.count > FormLimits.maxStatementCharacters {
                return .invalid([.message: Message(.errTooLong, [String(FormLimits.maxStatementCharacters)])])
            }
            return .event(.noted, ["kind": "message", "message": .string(message), "summary": .string(message)], "message")
        }
        caseForm("documents", multipart: true) { app, summary, form, store, visit in
            guard let file = form.file, !file.data.isEmpty else { return .invalid([.document: Message(.errRequired)]) }
            guard file.data.count <= FormLimits.maxUploadBytes else { return .invalid([.document: Message(.errFileSize)]) }
            guard let type = DocumentType.sniff(file.data) else { return .invalid([.document: Message(.errFileType)]) }
            let digest = Sodium.hex(Sodium.sha256(file.data))
            let name = String((file.filename ?? "document").unicodeScalars.filter { $0.value >= 0x20 && $0 != "/" && $0 != "\\" }.prefix(120))
            let stored = try store.addDocument(caseKey: summary.key, filename: name, contentType: type, data: file.data,
                                               sha256: digest, at: app.clock())
            let note = form["document_note"] ?? ""
            return .event(.noted, [
                "kind": "document", "document_id": .int(stored.id), "filename": .string(name), "content_type": .string(type),
                "size": .int(Int64(file.data.count)), "sha256": .string(digest), "note": .string(String(note.prefix(500))),
                "summary": .string("The borrower uploaded \(name) (\(file.data.count) bytes, SHA-256 \(digest.prefix(12))…)."),
            ], "document")
        }
    }

    struct CaseForm {
        var fields: [String: String]
        var file: MultipartPart?
        subscript(_ name: String) -> String? { fields[name] }
    }

    enum CaseFormOutcome {
        case invalid([FormField: Message])
        case event(CaseEventKind, JSONValue, String)
    }

    typealias CaseFormHandler = @Sendable (WebApp, CaseSummary, CaseForm, SQLiteStore, BorrowerVisit) throws -> CaseFormOutcome

    func caseForm(_ name: String, multipart: Bool = false, _ handler: @escaping CaseFormHandler) {
        portal(.POST, "/portal/cases/:case_id/\(name)") { app, request, store, visit in
            let summary = try app.ownCase(request, visit: visit, store: store)
            var form = CaseForm(fields: [:], file: nil)
            if multipart {
                for part in try request.multipartParts() {
                    if part.filename != nil { form.file = part } else if let text = part.text { form.fields[part.name] = text }
                }
            } else {
                form.fields = try request.formFields()
            }
            try app.requireCSRF(request, principal: .borrower(lenderID: visit.borrower.lenderID, borrowerKey: visit.borrower.key,
                                                              csrfToken: visit.csrf), form: form.fields)
            switch try handler(app, summary, form, store, visit) {
            case .invalid(let errors):
                var values: [FormField: String] = [:]
                for field in FormField.allCases { if let value = form.fields[field.rawValue] { values[field] = value } }
                let model = try app.caseModel(summary, errors: errors, values: values, store: store)
                return .html(Pages.caseDetail(model, visit.context), status: 400)
            case .event(let kind, let data, let done):
                try app.borrowerEvent(summary, preferred: kind, data: data, visit: visit, store: store)
                return .redirect(to: "/portal/cases/\(summary.id)?done=\(done)")
            }
        }
    }
}

/// Accepted upload types, recognised by their first bytes rather than by what the client claims.
enum DocumentType {
    static func sniff(_ data: [UInt8]) -> String? {
        if data.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }
}

extension String {
    var trimmingSpaces: String { String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()) }
}
