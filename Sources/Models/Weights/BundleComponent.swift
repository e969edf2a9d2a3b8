/// One network's section of bundle.json (`clip`, `prior`, `unet`, `vocoder`).
///
/// Only what every section shares is typed here: the weights file and an optional `kind`.
/// The network's `config`, and the whole section for fields such as `schedule` or `tokenizer`,
/// stay JSON values that each network decodes into its own typed config
/// (`try unet.decodeConfig(UNetConfig.self)`), with errors that name bundle.json and the full
/// JSON path (`unet.config.channel_mult[2]: expected an integer, found a string`).
public struct BundleComponent: Codable, Sendable, Equatable {
    /// Fields whose value is the name of a file inside the bundle folder.
    public static let fileFields = ["weights", "tokenizer"]

    /// The section's name in bundle.json (`unet`).
    public let key: String
    /// The bundle.json path, for errors.
    public let source: String
    /// The safetensors file, relative to the bundle folder (absent for Griffin-Lim).
    public let weights: String?
    /// A variant name (`bigvgan`, `griffin-lim` for the vocoder).
    public let kind: String?
    /// The network's configuration, undecoded (an empty object when the section has none).
    public let config: JSONValue
    /// The whole section, undecoded.
    public let section: JSONValue

    static let sourceKey = CodingUserInfoKey(rawValue: "clipsonic.bundle.source")!  // a valid literal key

    enum CodingKeys: String, CodingKey {
        case weights, kind, config
    }

    public init(from decoder: Decoder) throws {
        key = decoder.codingPath.last?.stringValue ?? ""
        source = decoder.userInfo[Self.sourceKey] as? String ?? "bundle.json"
        let c = try decoder.container(keyedBy: CodingKeys.self)
        weights = try c.decodeIfPresent(String.self, forKey: .weights)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        if let config = try c.decodeIfPresent(JSONValue.self, forKey: .config) {
            guard case .object = config else {
                throw DecodingError.typeMismatch(JSONValue.self, .init(codingPath: c.codingPath + [CodingKeys.config],
                    debugDescription: "expected an object, found \(config.typeDescription)"))
            }
            self.config = config
        } else {
            config = .object([:])
        }
        section = try decoder.singleValueContainer().decode(JSONValue.self)
    }

    public func encode(to encoder: Encoder) throws {
        try section.encode(to: encoder)
    }

    /// Decodes `config` into a network's typed configuration.
    public func decodeConfig<T: Decodable>(_ type: T.Type) throws(WeightsError) -> T {
        try decode(type, from: config, at: [JSONCodingKey(stringValue: key), JSONCodingKey(stringValue: "config")])
    }

    /// Decodes the whole section (for fields beside `config`, such as a schedule).
    public func decode<T: Decodable>(_ type: T.Type) throws(WeightsError) -> T {
        try decode(type, from: section, at: [JSONCodingKey(stringValue: key)])
    }

    /// Decodes one field of the section; a missing field is an error naming its path.
    public func decode<T: Decodable>(_ type: T.Type, field: String) throws(WeightsError) -> T {
        let path = [JSONCodingKey(stringValue: key), JSONCodingKey(stringValue: field)]
        guard let value = section[field] else {
            throw .invalidManifest(file: source, path: JSONPath(codingPath: path).description,
                                   detail: JSONValueError.missingField)
        }
        return try decode(type, from: value, at: path)
    }

    private func decode<T: Decodable>(_ type: T.Type, from value: JSONValue,
                                      at path: [any CodingKey]) throws(WeightsError) -> T {
        do {
            return try value.decode(type, codingPath: path, userInfo: [Self.sourceKey: source])
        } catch {
            throw WeightsError(decoding: error, file: source)
        }
    }

    /// (field, file name) of every file this section names.
    public var files: [(field: String, name: String)] {
        Self.fileFields.compactMap { field in section[field]?.stringValue.map { (field, $0) } }
    }
}
