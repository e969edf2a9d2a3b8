import Engine
import Foundation

/// The envelope shared by the studio's JSON documents, `{"format": "...", "version": N, ...}`:
/// format and version are checked before anything else, so a file from a newer build is refused
/// with "update clipsonic" rather than with a confusing error about a field that changed.
enum VersionedDocument {
    /// Missing fields of a request take the values of `GenerationRequest()`, so a file written
    /// before the engine grew a parameter still opens.
    static let decoder: JSONValueDecoder = {
        var decoder = JSONValueDecoder()
        if let data = try? makeEncoder().encode(GenerationRequest()), let defaults = try? JSONParser.parse(Array(data)) {
            decoder.defaults[ObjectIdentifier(GenerationRequest.self)] = defaults
        }
        return decoder
    }()

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(SessionTimestamp.format(date))
        }
        return encoder
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, source: String, format: String,
                                     supportedVersion: Int) throws(SessionError) -> T {
        let root: JSONValue
        do {
            root = try JSONParser.parse(Array(data))
        } catch {
            throw .malformedJSON(source: source, line: error.line, column: error.column, reason: error.message)
        }
        guard case .object(let members) = root else {
            throw .wrongFormat(source: source, expected: format, found: nil)
        }
        guard case .string(let found)? = members["format"], found == format else {
            if case .string(let found)? = members["format"] {
                throw .wrongFormat(source: source, expected: format, found: found)
            }
            throw .wrongFormat(source: source, expected: format, found: nil)
        }
        let version: Int
        do {
            version = try decoder.decode(Int.self, from: members["version"] ?? .null, at: [VersionKey.version])
        } catch {
            throw .invalidValue(source: source, path: JSONPath([.key("version")]),
                                problem: members["version"] == nil ? "required field is missing"
                                    : "expected a whole version number such as \(supportedVersion)")
        }
        if version > supportedVersion { throw .newerVersion(source: source, found: version, supported: supportedVersion) }
        if version < 1 {
            throw .invalidValue(source: source, path: JSONPath([.key("version")]),
                                problem: "expected a version from 1 to \(supportedVersion), found \(version)")
        }
        do {
            return try decoder.decode(type, from: root)
        } catch let error as JSONValueError {
            throw .invalidValue(source: source, path: error.path, problem: error.problem)
        } catch let error as DecodingError {
            let converted = JSONValueError(decodingError: error)
            throw .invalidValue(source: source, path: converted.path, problem: converted.problem)
        } catch {
            throw .invalidValue(source: source, path: JSONPath(), problem: "\(error)")
        }
    }

    static func encode<T: Encodable>(_ value: T, source: String) throws(SessionError) -> Data {
        do {
            var data = try makeEncoder().encode(value)
            data.append(0x0A)
            return data
        } catch {
            throw .encodingFailed(path: source, reason: "\(error)")
        }
    }
}

/// The one key the envelope check decodes on its own.
private enum VersionKey: String, CodingKey { case version }
