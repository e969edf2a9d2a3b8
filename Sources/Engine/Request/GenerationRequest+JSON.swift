import Models

extension GenerationRequest {
    /// The spellings of version-1 sessions and tags, read only where `acceptingLegacyKeys` is set.
    static let legacyKeys: [String: String] = [
        "imagePath": "image", "imageWeight": "image-weight", "negativePrompt": "negative",
        "guidanceScale": "guidance", "priorGuidanceScale": "prior-guidance", "priorCandidates": "prior-candidates",
    ]

    /// Reads a request from a JSON object, strictly: every key must be a parameter of the table
    /// (or in `otherKeys`, which the caller reads), each value must have the parameter's type and
    /// be within its limits. Parameters left out take their defaults. `legacy` also accepts the
    /// camel-case keys of version-1 sessions and tags, and their 64-bit seeds: those files are
    /// records of takes already made.
    public init(json: JSONValue, otherKeys: Set<String> = [], legacy: Bool = false) throws(RequestError) {
        guard case .object(let members) = json else { throw .notAnObject(found: json.typeDescription) }
        self = .defaults
        // Keys in the dictionary's order, unsorted, when each names a parameter of its own and
        // all are good: a session opening reads 100,000 requests. Otherwise the sorted walk
        // below decides, as it always did: which bad key is reported (the first in sorted
        // order), and, in legacy files, which of two spellings of one parameter wins.
        if !legacy, otherKeys.isEmpty, assigningUnsorted(members) { return }
        self = .defaults
        for key in members.keys.sorted() {
            guard let value = members[key] else { continue }
            if otherKeys.contains(key) { continue }
            let name = legacy ? (Self.legacyKeys[key] ?? key) : key
            guard let parameter = RequestParameters.named(name) else {
                let suggestion = Self.legacyKeys[key]
                    ?? NameSuggestion.closest(to: key, among: RequestParameters.all.map(\.name))
                throw .unknownKey(key, suggestion: suggestion)
            }
            let decoded: ParameterValue
            if legacy {
                decoded = try Self.decodeLegacy(value, as: parameter)
            } else {
                decoded = try parameter.decode(value)
            }
            parameter.assign(decoded, to: &self)
        }
    }

    /// Assigns every member if every key is a parameter and every value is good for it;
    /// false at the first that is not, leaving the request partly assigned.
    private mutating func assigningUnsorted(_ members: [String: JSONValue]) -> Bool {
        // The table is read in place: binding an entry to a local copied it, a retain for each
        // of its strings and closures, a fifth of reading a request.
        RequestParameters.all.withUnsafeBufferPointer { table in
            for (key, value) in members {
                guard let position = RequestParameters.positionByName[key],
                      let decoded = try? table[position].decode(value) else { return false }
                table[position].assign(decoded, to: &self)
            }
            return true
        }
    }

    /// Every parameter, optional ones left out when absent; keys are the table's names.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for parameter in RequestParameters.all {
            let value = parameter.value(in: self)
            if value != .none { members[parameter.name] = parameter.json(value) }
        }
        return .object(members)
    }

    /// A legacy value: checked as any other, except seeds, which version 1 drew from all of UInt64.
    private static func decodeLegacy(_ json: JSONValue, as parameter: RequestParameter) throws(RequestError) -> ParameterValue {
        guard case .seed = parameter.kind else { return try parameter.decode(json) }
        return try RequestParameter(parameter.name, .seed(0...UInt64.max), default: parameter.defaultValue,
                                    defaultDescription: parameter.defaultDescription, valueName: parameter.valueName, help: parameter.help,
                                    get: parameter.get, set: parameter.set).decode(json)
    }
}

extension CodingUserInfoKey {
    /// Set to `true` to read the camel-case request keys of version-1 documents.
    public static let acceptingLegacyRequestKeys = CodingUserInfoKey(rawValue: "clipsonic.legacyRequestKeys")!
}

/// Requests travel inside sessions through `Codable`, as the table's JSON object.
extension GenerationRequest: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        let legacy = decoder.userInfo[.acceptingLegacyRequestKeys] as? Bool ?? false
        do {
            try self.init(json: json, legacy: legacy)
        } catch {
            var path = decoder.codingPath
            if case .invalidValue(let parameter, _, _) = error { path.append(JSONCodingKey(stringValue: parameter)) }
            if case .unknownKey(let key, _) = error { path.append(JSONCodingKey(stringValue: key)) }
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: error.description))
        }
    }

    /// A NaN or infinity has no JSON spelling; it is refused by name rather than written as a
    /// document no reader accepts.
    public func encode(to encoder: any Encoder) throws {
        for parameter in RequestParameters.all {
            if case .decimal(let x) = parameter.value(in: self), !x.isFinite {
                throw EncodingError.invalidValue(x, .init(
                    codingPath: encoder.codingPath + [JSONCodingKey(stringValue: parameter.name)],
                    debugDescription: "\(parameter.name) is \(x), which JSON cannot hold"))
            }
        }
        try json.encode(to: encoder)
    }
}

extension GenerationRequest {
    /// The request the object next in `reader` holds, read as `init(json:)` reads a request in
    /// the current spelling, straight from the text: nil for anything that is not a plain
    /// request (a key that is no parameter or comes twice, a value that is not good for its
    /// parameter, text that is not JSON), which the caller then reads through `init(json:)`
    /// to learn why. A session opening reads 100,000 requests (issue #17).
    public static func read(from reader: inout JSONReader) -> GenerationRequest? {
        var request = GenerationRequest.defaults
        var seen: UInt64 = 0
        let read = RequestParameters.unretained.withUnsafeBufferPointer { table in
            reader.object { reader, key in
                guard let position = RequestParameters.position(of: key), seen & (1 << position) == 0,
                      let value = reader.value() else { return false }
                seen |= 1 << position
                return table[position]._withUnsafeGuaranteedRef { parameter in
                    guard let decoded = try? parameter.decode(value) else { return false }
                    parameter.assign(decoded, to: &request)
                    return true
                }
            }
        }
        return read ? request : nil
    }
}
