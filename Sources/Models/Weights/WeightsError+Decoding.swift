extension WeightsError {
    /// The manifest error for a `DecodingError` met while decoding part of bundle.json `file`,
    /// with the JSON path of the offending field.
    public init(decoding error: DecodingError, file: String) {
        switch error {
        case let .keyNotFound(key, context):
            self = .invalidManifest(file: file, path: JSONCodingKey.render(context.codingPath + [key]),
                                    detail: "missing field")
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            self = .invalidManifest(file: file, path: JSONCodingKey.render(context.codingPath),
                                    detail: context.debugDescription)
        @unknown default:
            self = .invalidManifest(file: file, path: "", detail: "\(error)")
        }
    }
}
