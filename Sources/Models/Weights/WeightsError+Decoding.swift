extension WeightsError {
    /// The manifest error for a value met while decoding part of bundle.json `file`, with the
    /// JSON path of the offending field.
    public init(decoding error: JSONValueError, file: String) {
        self = .invalidManifest(file: file, path: error.path.isTopLevel ? "" : error.path.description,
                                detail: error.problem)
    }
}
