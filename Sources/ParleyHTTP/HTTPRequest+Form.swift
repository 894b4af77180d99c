extension HTTPRequest {
    /// The fields of an `application/x-www-form-urlencoded` body, first value per name.
    ///
    /// Throws 400 when the content type is different or the body is malformed.
    public func formFields() throws(HTTPError) -> [String: String] {
        var fields: [String: String] = [:]
        for item in try formItems() where fields[item.name] == nil {
            fields[item.name] = item.value
        }
        return fields
    }

    /// Every field of an URL-encoded form body in order, repeated names included.
    public func formItems() throws(HTTPError) -> [(name: String, value: String)] {
        guard mediaType == "application/x-www-form-urlencoded" else {
            throw .badRequest("expected an application/x-www-form-urlencoded body")
        }
        guard let text = bodyText, let items = PercentDecoding.pairs(text, lenient: false) else {
            throw .badRequest("malformed form body")
        }
        return items
    }
}
