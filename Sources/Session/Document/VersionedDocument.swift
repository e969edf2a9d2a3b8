import Engine
import Foundation
import Models

/// The envelope shared by the studio's JSON documents, `{"format": "...", "version": N, ...}`:
/// format and version are checked before anything else, so a file from a newer build is refused
/// with "update clipsonic" rather than with a confusing error about a field that changed.
enum VersionedDocument {
    /// Dates as `SessionTimestamp` writes them. Missing fields of stage timings take the values of
    /// `StageTimings()`, so a file written before the engine grew a stage still opens; requests
    /// fill in their own defaults from the parameter table.
    static let decoder: JSONValueDecoder = {
        var decoder = JSONValueDecoder(dateFormat: dateFormat)
        if let defaults = try? encoder.encode(StageTimings()) { decoder.setDefaults(defaults, for: StageTimings.self) }
        return decoder
    }()

    /// Written with sorted keys, pretty, and dates as `SessionTimestamp` writes them.
    static let encoder = JSONValueEncoder(dateFormat: dateFormat)

    private static let dateFormat = JSONDateFormat(name: "an ISO 8601 date", example: "2024-05-01T12:30:00.000Z",
                                                   parse: SessionTimestamp.parse, format: SessionTimestamp.format)

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String, format: String,
                                     supportedVersion: Int) throws(SessionError) -> T {
        try decodeWithMembers(type, from: data, source: source, format: format, supportedVersion: supportedVersion).value
    }

    /// `decode`, also returning the document's top-level members, for a field that belongs to
    /// the file rather than to the value (a session file's journal generation).
    static func decodeWithMembers<T: Decodable>(_ type: T.Type, from data: Data, source: String, format: String,
                                                supportedVersion: Int) throws(SessionError) -> (value: T, members: [String: JSONValue]) {
        let root: JSONValue
        // Parsed where the bytes lie: a copy of a session file of 80 MB cost tens of milliseconds.
        let parsed = data.withUnsafeBytes { raw -> Result<JSONValue, JSONSyntaxError> in
            do throws(JSONSyntaxError) { return .success(try JSONParser.parse(raw)) } catch { return .failure(error) }
        }
        switch parsed {
        case .success(let value): root = value
        case .failure(let error):
            throw .malformedJSON(source: source, line: error.line, column: error.column, reason: error.message)
        }
        return try decodeTree(type, root: root, source: source, format: format, supportedVersion: supportedVersion)
    }

    /// `decodeWithMembers` of a document already parsed.
    static func decodeTree<T: Decodable>(_ type: T.Type, root: JSONValue, source: String, format: String,
                                         supportedVersion: Int) throws(SessionError) -> (value: T, members: [String: JSONValue]) {
        guard case .object(let members) = root else {
            throw .wrongFormat(source: source, expected: format, found: nil)
        }
        let version = try self.version(of: members, source: source, format: format, supportedVersion: supportedVersion)
        // Version 1 wrote requests with camel-case keys (guidanceScale); they are read as such.
        var decoder = decoder
        if version < 2 { decoder.userInfo[.acceptingLegacyRequestKeys] = true }
        do {
            return (try decoder.decode(type, from: root), members)
        } catch {
            throw .invalidValue(source: source, path: error.path, problem: error.problem)
        }
    }

    /// The document's version, once its format is the one expected and its version one this
    /// build reads.
    static func version(of members: [String: JSONValue], source: String, format: String,
                        supportedVersion: Int) throws(SessionError) -> Int {
        guard case .string(let found)? = members["format"], found == format else {
            if case .string(let found)? = members["format"] {
                throw .wrongFormat(source: source, expected: format, found: found)
            }
            throw .wrongFormat(source: source, expected: format, found: nil)
        }
        let version: Int
        do {
            version = try decoder.decode(Int.self, from: members["version"] ?? .null, at: [JSONCodingKey(stringValue: "version")])
        } catch {
            throw .invalidValue(source: source, path: JSONPath([.key("version")]),
                                problem: members["version"] == nil ? JSONValueError.missingField
                                    : "expected a whole version number such as \(supportedVersion)")
        }
        if version > supportedVersion { throw .newerVersion(source: source, found: version, supported: supportedVersion) }
        if version < 1 {
            throw .invalidValue(source: source, path: JSONPath([.key("version")]),
                                problem: "expected a version from 1 to \(supportedVersion), found \(version)")
        }
        return version
    }

    /// `value` written pretty, with `extra` members added at the top level.
    static func encode<T: Encodable>(_ value: T, source: String, extra: [String: JSONValue] = [:]) throws(SessionError) -> Data {
        var tree: JSONValue
        do { tree = try encoder.encode(value) } catch {
            throw .encodingFailed(path: source, reason: "\(error)")
        }
        if !extra.isEmpty, case .object(var members) = tree {
            members.merge(extra) { _, added in added }
            tree = .object(members)
        }
        return Data((JSONWriter.text(tree, style: .pretty) + "\n").utf8)
    }
}
