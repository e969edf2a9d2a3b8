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

    static let bundleKey = "bundle", hashKey = "bundle-hash", engineKey = "engine-version"

    public init(request: GenerationRequest, bundle: String, bundleHash: String?, engineVersion: String? = EngineInfo.version) {
        self.request = request; self.bundle = bundle; self.bundleHash = bundleHash; self.engineVersion = engineVersion
    }

    public var json: JSONValue {
        guard case .object(var members) = request.json else { return request.json }
        members[Self.bundleKey] = .string(bundle)
        if let bundleHash { members[Self.hashKey] = .string(bundleHash) }
        if let engineVersion { members[Self.engineKey] = .string(engineVersion) }
        return .object(members)
    }

    /// One line of JSON, keys sorted.
    public var text: String { JSONWriter.text(json) }

    /// Reads a recipe; the request part strictly, as a batch line is read. Tags written before
    /// the table (camel-case keys, no bundle) are read too, with `bundle` empty.
    public init(json: JSONValue) throws(RequestError) {
        guard case .object(let members) = json else { throw .notAnObject(found: json.typeDescription) }
        let others: Set<String> = [Self.bundleKey, Self.hashKey, Self.engineKey]
        let legacy = members.keys.contains { GenerationRequest.legacyKeys[$0] != nil }
        request = try GenerationRequest(json: json, otherKeys: others, legacy: legacy)
        bundle = members[Self.bundleKey]?.stringValue ?? ""
        bundleHash = members[Self.hashKey]?.stringValue
        engineVersion = members[Self.engineKey]?.stringValue
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
