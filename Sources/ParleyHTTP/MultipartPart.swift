/// One part of a `multipart/form-data` body: a field or an uploaded file.
public struct MultipartPart: Sendable, Equatable {
    /// The form field name from `Content-Disposition`.
    public let name: String
    /// The file name when the part is an upload.
    public let filename: String?
    /// The part's own `Content-Type`, when sent.
    public let contentType: String?
    public let headers: HTTPHeaders
    public let data: [UInt8]

    public init(name: String, filename: String? = nil, contentType: String? = nil,
                headers: HTTPHeaders = HTTPHeaders(), data: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.headers = headers
        self.data = data
    }

    /// The data as UTF-8 text, or nil when it is not valid UTF-8.
    public var text: String? { String(validating: data, as: UTF8.self) }
}

extension HTTPRequest {
    /// The parts of a `multipart/form-data` body, boundary taken from `Content-Type`.
    ///
    /// Throws 400 when the content type is different or the body is malformed.
    public func multipartParts() throws(HTTPError) -> [MultipartPart] {
        guard let contentType = headers["Content-Type"],
              MediaType.essence(of: contentType) == "multipart/form-data" else {
            throw .badRequest("expected a multipart/form-data body")
        }
        guard let boundary = MediaType.parameter("boundary", in: contentType),
              (1...70).contains(boundary.utf8.count) else {
            throw .badRequest("multipart body without a valid boundary")
        }
        return try MultipartParser.parse(body, boundary: boundary)
    }
}
