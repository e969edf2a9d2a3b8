import Models

/// Everything needed to remake a take: the request (with the mode and seed the take was made
/// with), the bundle by name and content hash, and the engine's version. Written as one JSON
/// object, the request's keys beside these three, into every take's tags.
public struct TakeRecipe: Sendable, Equatable {
    public var request: GenerationRequest
    /// The bundle's name from its bundle.json.
    public var bundle: String
    /// `ModelBundle.contentHash()`; nil in recipes from before it was recorded.
    public var bundleHash: String?
    public var engineVersion: String?
    /// The take's score against its query (`GeneratedTake.score`), when the bundle had an audio
    /// encoder: a measurement kept beside the recipe, not part of what remakes the take. Written
    /// with 4 decimals; nil in recipes from bundles without an encoder and from before scores.
    public var score: Float?

    static let bundleKey = "bundle", hashKey = "bundle-hash", engineKey = "engine-version", scoreKey = "score"

    public init(request: GenerationRequest, bundle: String, bundleHash: String?, engineVersion: String? = EngineInfo.version) {
        self.request = request; self.bundle = bundle; self.bundleHash = bundleHash; self.engineVersion = engineVersion
    }

    public var json: JSONValue {
        guard case .object(var members) = request.json else { return request.json }
        members[Self.bundleKey] = .string(bundle)
        if let bundleHash { members[Self.hashKey] = .string(bundleHash) }
        if let engineVersion { members[Self.engineKey] = .string(engineVersion) }
        if let score, score.isFinite { members[Self.scoreKey] = .number(Self.scoreText(score)) }
        return .object(members)
    }

    /// One line of JSON, keys sorted.
    public var text: String { JSONWriter.text(json) }

    /// Reads a recipe; the request part strictly, as a batch line is read. Tags written before
    /// the table (camel-case keys, no bundle) are read too, with `bundle` empty.
    public init(json: JSONValue) throws(RequestError) {
        guard case .object(let members) = json else { throw .notAnObject(found: json.typeDescription) }
        let others: Set<String> = [Self.bundleKey, Self.hashKey, Self.engineKey, Self.scoreKey]
        let legacy = members.keys.contains { GenerationRequest.legacyKeys[$0] != nil }
        request = try GenerationRequest(json: json, otherKeys: others, legacy: legacy)
        bundle = members[Self.bundleKey]?.stringValue ?? ""
        bundleHash = members[Self.hashKey]?.stringValue
        engineVersion = members[Self.engineKey]?.stringValue
        score = try Self.readScore(members[Self.scoreKey])
    }

    /// A score as every output writes it: 4 decimals ("0.1234", "-0.0500").
    public static func scoreText(_ score: Float) -> String { String(format: "%.4f", Double(score)) }

    /// A stored score: a number from -1 to 1 (a little beyond, for rounding), or absent.
    private static func readScore(_ value: JSONValue?) throws(RequestError) -> Float? {
        let text: String
        switch value {
        case nil, .null?: return nil
        case .int(let n)?: text = String(n)
        case .number(let t)?: text = t
        case let other?:
            throw .invalidValue(parameter: scoreKey, expected: "a number from -1 to 1", found: other.typeDescription)
        }
        guard let x = Double(text), x.isFinite, abs(x) <= 1.001 else {
            throw .invalidValue(parameter: scoreKey, expected: "a number from -1 to 1", found: text)
        }
        return Float(x)
    }

    /// Parses the text of a tag.
    public init(text: String) throws(RequestError) {
        let value: JSONValue
        do { value = try JSONParser.parse(Array(text.utf8)) } catch {
            throw .malformedJSON(column: error.column, reason: error.message)
        }
        try self.init(json: value)
    }
}
