import Foundation

/// Decodes `Decodable` values from a `JSONValue` tree with errors that name the JSON path and the
/// problem in words. Unknown keys are ignored, which is what lets an older build read a newer
/// minor revision of a file.
struct JSONValueDecoder: Sendable {
    /// Per type, an object whose keys fill in what a file leaves out; for types whose synthesized
    /// `Decodable` would otherwise reject a file written before a field was added.
    var defaults: [ObjectIdentifier: JSONValue] = [:]

    func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, at path: [any CodingKey] = []) throws -> T {
        var value = value
        if let fallback = defaults[ObjectIdentifier(type)] { value = value.filling(defaults: fallback) }
        if type == Date.self {
            guard case .string(let text) = value else { throw mismatch(path, "an ISO 8601 date string", value) }
            guard let date = SessionTimestamp.parse(text) else {
                throw JSONValueError(path: JSONPath(codingPath: path),
                                    problem: "expected an ISO 8601 date like 2024-05-01T12:30:00.000Z, found \"\(text)\"")
            }
            if let date = date as? T { return date }
        }
        if type == UUID.self {
            guard case .string(let text) = value else { throw mismatch(path, "a UUID string", value) }
            guard let id = UUID(uuidString: text) else {
                throw JSONValueError(path: JSONPath(codingPath: path),
                                    problem: "expected a UUID like 3F2504E0-4F89-11D3-9A0C-0305E82C3301, found \"\(text)\"")
            }
            if let id = id as? T { return id }
        }
        do {
            return try T(from: JSONTreeDecoder(value: value, codingPath: path, options: self))
        } catch let error as DecodingError {
            // A synthesized enum initializer reports a bad raw value as data corruption; say
            // which values are allowed instead.
            if case .string(let text) = value, let allowed = allowedRawValues(of: type) {
                throw JSONValueError(path: JSONPath(codingPath: path),
                                    problem: "expected one of \(allowed.joined(separator: ", ")); found \"\(text)\"")
            }
            throw JSONValueError(decodingError: error)
        }
    }

    func mismatch(_ path: [any CodingKey], _ expected: String, _ found: JSONValue) -> JSONValueError {
        JSONValueError(path: JSONPath(codingPath: path), problem: "expected \(expected), found \(found.kindDescription)")
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

extension JSONValueError {
    /// Errors thrown by a type's own `init(from:)` keep their coding path and message.
    init(decodingError: DecodingError) {
        switch decodingError {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            self.init(path: JSONPath(codingPath: context.codingPath), problem: context.debugDescription)
        case .keyNotFound(let key, let context):
            self.init(path: JSONPath(codingPath: context.codingPath + [key]), problem: "required field is missing")
        @unknown default:
            self.init(path: JSONPath(), problem: "\(decodingError)")
        }
    }
}
