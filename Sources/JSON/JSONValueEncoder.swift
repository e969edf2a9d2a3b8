import Foundation

/// Encodes `Encodable` values into a `JSONValue`, which `JSONWriter` turns into text: the
/// counterpart of `JSONValueDecoder`, so that what the project writes reads back through the
/// same exact number rules.
///
///     let value = try JSONValueEncoder().encode(summary)
///     let text = JSONWriter.text(value, style: .pretty)     // keys sorted, "key" : value
///
/// Matches Foundation's `JSONEncoder` defaults where a file would show a difference: a `Date`
/// is seconds since 2001 unless `dateFormat` says how to write it, `URL` is its absolute string,
/// `Data` is Base64, an `Encodable` that encodes nothing is `{}`. Floats are written with the
/// fewest digits that read back to the same value ("0.1", "2", "1e-05"); NaN and infinities,
/// which JSON cannot express, are an error naming the path.
public struct JSONValueEncoder: Sendable {
    /// How dates are written; needs `JSONDateFormat.format`. Nil for Foundation's default.
    public var dateFormat: JSONDateFormat?
    /// Handed to every `encode(to:)` as `encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init(dateFormat: JSONDateFormat? = nil, userInfo: [CodingUserInfoKey: any Sendable] = [:]) {
        self.dateFormat = dateFormat; self.userInfo = userInfo
    }

    public func encode<T: Encodable>(_ value: T) throws(JSONValueError) -> JSONValue {
        let box = JSONEncodingBox()
        do {
            try encode(value, into: box, at: [])
        } catch let error as JSONValueError {
            throw error
        } catch let error as EncodingError {
            if case .invalidValue(_, let context) = error {
                throw JSONValueError(path: JSONPath(codingPath: context.codingPath), problem: context.debugDescription)
            }
            throw JSONValueError(path: JSONPath(), problem: "\(error)")
        } catch {
            throw JSONValueError(path: JSONPath(), problem: "\(error)")
        }
        return box.value
    }

    /// `value` as JSON text; keys are always sorted, so equal values give byte-equal text.
    public func encodeText<T: Encodable>(_ value: T, style: JSONWriter.Style = .compact) throws(JSONValueError) -> String {
        JSONWriter.text(try encode(value), style: style)
    }

    /// Encodes one value into `box`, handling the types whose JSON form differs from what their
    /// own `encode(to:)` would give.
    func encode<T: Encodable>(_ value: T, into box: JSONEncodingBox, at path: [any CodingKey]) throws {
        switch value {
        case let json as JSONValue: box.set(json)
        case let date as Date:
            if let write = dateFormat?.format { box.set(.string(write(date))) }
            else { box.set(try Self.number(date.timeIntervalSinceReferenceDate, path)) }
        case let url as URL: box.set(.string(url.absoluteString))
        case let data as Data: box.set(.string(data.base64EncodedString()))
        case let real as Double: box.set(try Self.number(real, path))
        case let real as Float: box.set(try Self.number(real, path))
        default: try value.encode(to: JSONTreeEncoder(box: box, codingPath: path, options: self))
        }
    }

    /// A finite float as the shortest text that reads back to it, written the way Foundation
    /// does ("2" rather than "2.0"); whole numbers that fit `Int` become `.int`, as the parser
    /// would read them.
    static func number<T: BinaryFloatingPoint & CustomStringConvertible>(_ real: T, _ path: [any CodingKey]) throws -> JSONValue {
        guard real.isFinite else {
            throw JSONValueError(path: JSONPath(codingPath: path),
                                 problem: "\(real) cannot be written as JSON, which has no NaN or infinity")
        }
        var text = real.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        if let whole = Int(text) { return .int(whole) }
        return .number(text)
    }

    static func integer<T: BinaryInteger>(_ value: T) -> JSONValue {
        if let fits = Int(exactly: value) { return .int(fits) }
        return .number(String(value))
    }
}
