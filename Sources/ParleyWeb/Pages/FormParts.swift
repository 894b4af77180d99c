/// The pieces forms are made of: a labelled field with hint and error, the CSRF field.
struct FormParts {
    let strings: Catalogue
    let csrfToken: String

    /// The kind of control a field uses.
    enum Control {
        case text(inputMode: String, autocomplete: String?)
        case number(min: Int, max: Int)
        case date
        case file(accept: String)
        case textarea(maxLength: Int)
        case select(placeholder: String, options: [(value: String, label: String)])
    }

    static func id(_ field: FormField) -> String { "f-\(field.rawValue)" }

    var csrf: HTML {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(csrfToken)\">"
    }

    /// A POST form with the CSRF field; `novalidate` so errors come from the server in the page's language.
    func form(action: String, multipart: Bool = false, submit: Key, _ fields: [HTML]) -> HTML {
        let enctype: HTML = multipart ? " enctype=\"multipart/form-data\"" : ""
        return """
        <form method="post" action="\(HTML.safeURL(action))"\(enctype) novalidate>
        \(csrf)\(fields)
        <button type="submit">\(strings[submit])</button>
        </form>
        """
    }

    /// A label, an optional hint, the field's error if any, then the control;
    /// the hint and error are tied to the control with `aria-describedby`.
    func field(_ field: FormField, label: Key, hint: String? = nil, optional: Bool = false,
               control: Control, value: String?, error: Message?) -> HTML {
        let id = FormParts.id(field)
        var described: [String] = []
        var hintHTML = HTML.empty
        if let hint {
            described.append("\(id)-hint")
            hintHTML = "<span class=\"hint\" id=\"\(id)-hint\">\(hint)</span>"
        }
        var errorHTML = HTML.empty
        if let error {
            described.append("\(id)-error")
            errorHTML = "<span class=\"err\" id=\"\(id)-error\"><span class=\"vh\">\(strings[.errorPrefix]) </span>\(strings.text(error))</span>"
        }
        var attributes: HTML = "id=\"\(id)\" name=\"\(field.rawValue)\""
        if !described.isEmpty { attributes = "\(attributes) aria-describedby=\"\(described.joined(separator: " "))\"" }
        if error != nil { attributes = "\(attributes) aria-invalid=\"true\"" }
        if !optional { attributes = "\(attributes) required" }
        let optionalMark: HTML = optional ? " <span>\(strings[.optionalMark])</span>" : ""
        return """
        <div class="field\(error == nil ? "" : " bad")">
        <label for="\(id)">\(strings[label])\(optionalMark)</label>
        \(hintHTML)\(errorHTML)\(self.control(control, attributes, value ?? ""))
        </div>
        """
    }

    private func control(_ control: Control, _ attributes: HTML, _ value: String) -> HTML {
        switch control {
        case let .text(inputMode, autocomplete):
            let complete: HTML = "autocomplete=\"\(autocomplete ?? "off")\""
            return "<input type=\"text\" \(attributes) inputmode=\"\(inputMode)\" \(complete) value=\"\(value)\">"
        case let .number(min, max):
            return "<input type=\"number\" \(attributes) min=\"\(min)\" max=\"\(max)\" step=\"1\" inputmode=\"numeric\" value=\"\(value)\">"
        case .date:
            return "<input type=\"date\" \(attributes) value=\"\(value)\">"
        case let .file(accept):
            return "<input type=\"file\" \(attributes) accept=\"\(accept)\">"
        case let .textarea(maxLength):
            return "<textarea \(attributes) maxlength=\"\(maxLength)\" rows=\"6\">\(value)</textarea>"
        case let .select(placeholder, options):
            let items = options.map { option -> HTML in
                let selected: HTML = option.value == value ? " selected" : ""
                return "<option value=\"\(option.value)\"\(selected)>\(option.label)</option>"
            }
            return "<select \(attributes)><option value=\"\">\(placeholder)</option>\(items)</select>"
        }
    }
}
