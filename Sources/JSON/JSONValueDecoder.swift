import Foundation

/// Decodes `Decodable` values from a `JSONValue` with errors that name the full JSON path and the
/// problem in words: `takes[2].request.seed: expected an integer, found a string`.
///
/// Used instead of Foundation's JSONDecoder so that a part of a document (a network's config in
/// bundle.json) can be decoded on its own, later, with errors that still name its full path;
/// so that numbers convert exactly (a UInt64 seed, a Float from its text); and so that a bad
/// enum value lists the allowed ones. Unknown keys are ignored, which lets an older build read a
/// newer minor revision of a file, unless `rejectsUnknownKeys` is set, for input that a person
/// types (a batch file), where an unknown key is a typo to report.
///
/// Integers: a number is accepted where an integer is expected when its value is whole and in
/// range, however it is written ("50", "5e1", "50.0"); "1.5" is refused. Strings are never
/// numbers. (The safetensors header is stricter still and reads `.int` itself.)
public struct JSONValueDecoder: Sendable {
    /// Per type, an object whose keys fill in what a file leaves out; for types whose synthesized
    /// `Decodable` would otherwise reject a file written before a field was added.
    public var defaults: [ObjectIdentifier: JSONValue] = [:]
    /// How dates are written; nil for Foundation's default (a number).
    public var dateFormat: JSONDateFormat?
    /// Handed to every `init(from:)` as `decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    /// A member of an object that its type never asks for fails the decode, with its path and
    /// the fields that object takes.
    public var rejectsUnknownKeys = false
    /// Set for the duration of one strict decode.
    var unknownKeys: JSONUnknownKeys?

    public init(defaults: [ObjectIdentifier: JSONValue] = [:], dateFormat: JSONDateFormat? = nil,
                userInfo: [CodingUserInfoKey: any Sendable] = [:], rejectsUnknownKeys: Bool = false) {
        self.defaults = defaults; self.dateFormat = dateFormat; self.userInfo = userInfo
        self.rejectsUnknownKeys = rejectsUnknownKeys
    }

    /// Missing keys of `type`'s objects are taken from `value` (usually `type`'s default, encoded).
    public mutating func setDefaults<T>(_ value: JSONValue, for type: T.Type) {
        defaults[ObjectIdentifier(type)] = value
    }

    /// Decodes `value`, found at `path` in its document (so that errors name the full path).
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue,
                                     at path: [any CodingKey] = []) throws(JSONValueError) -> T {
        if rejectsUnknownKeys, unknownKeys == nil {
            var strict = self
            strict.unknownKeys = JSONUnknownKeys()
            let decoded = try strict.decode(type, from: value, at: path)
            if let unknown = strict.unknownKeys?.firstUnknown() { throw unknown }
            return decoded
        }
        if T.self == JSONValue.self, let same = value as? T { return same }  // kept undecoded
        var value = value
        if let fallback = defaults[ObjectIdentifier(type)] { value = value.filling(defaults: fallback) }
        if type == Date.self, let dateFormat, let date = try decodeDate(value, dateFormat, path) as? T { return date }
        if type == UUID.self, let id = try decodeUUID(value, path) as? T { return id }
        do {
            return try T(from: JSONTreeDecoder(value: value, codingPath: path, options: self))
        } catch let error as JSONValueError {
            throw error
        } catch let error as DecodingError {
            // A synthesized enum initializer reports a bad raw value as data corruption; say
            // which values are allowed instead.
            if case .string(let text) = value, let allowed = allowedRawValues(of: type) {
                throw JSONValueError(path: JSONPath(codingPath: path),
                                     problem: "expected one of \(allowed.joined(separator: ", ")); found \"\(text)\"")
            }
            throw JSONValueError(decodingError: error)
        } catch {
            throw JSONValueError(path: JSONPath(codingPath: path), problem: "\(error)")
        }
    }

    func mismatch(_ path: [any CodingKey], _ expected: String, _ found: JSONValue) -> JSONValueError {
        JSONValueError(path: JSONPath(codingPath: path), problem: "expected \(expected), found \(found.typeDescription)")
    }

    private func decodeDate(_ value: JSONValue, _ format: JSONDateFormat,
                            _ path: [any CodingKey]) throws(JSONValueError) -> Date {
        guard case .string(let text) = value else { throw mismatch(path, "\(format.name) string", value) }
        guard let date = format.parse(text) else {
            throw JSONValueError(path: JSONPath(codingPath: path),
                                 problem: "expected \(format.name) like \(format.example), found \"\(text)\"")
        }
        return date
    }

    private func decodeUUID(_ value: JSONValue, _ path: [any CodingKey]) throws(JSONValueError) -> UUID {
        guard case .string(let text) = value else { throw mismatch(path, "a UUID string", value) }
        guard let id = UUIDText.parse(text) else {
            throw JSONValueError(path: JSONPath(codingPath: path),
                                 problem: "expected a UUID like 3F2504E0-4F89-11D3-9A0C-0305E82C3301, found \"\(text)\"")
        }
        return id
    }

    private func allowedRawValues<T>(of type: T.Type) -> [String]? {
        guard let cases = type as? any CaseIterable.Type else { return nil }
        return rawValues(of: cases)
    }

    private func rawValues<C: CaseIterable>(of type: C.Type) -> [String]? {
        let values = C.allCases.compactMap { ($0 as? any RawRepresentable).map { "\($0.rawValue)" } }
        return values.isEmpty ? nil : values
    }
}

extension JSONValue {
    /// Decodes this value into `T` with a default `JSONValueDecoder`; `codingPath` is where the
    /// value sits in its document, for errors.
    public func decode<T: Decodable>(_ type: T.Type, codingPath: [any CodingKey] = [],
                                     userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws(JSONValueError) -> T {
        try JSONValueDecoder(userInfo: userInfo).decode(type, from: self, at: codingPath)
    }
}
