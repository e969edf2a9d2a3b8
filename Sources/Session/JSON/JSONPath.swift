/// A location inside a JSON document, printed the way a person would type it:
/// `takes[2].request.seed`.
public struct JSONPath: Equatable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// Coding keys with an integer value and no meaningful string are array positions, which is
    /// how both this package's decoder and Foundation's mark them.
    init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let position = key.intValue, key is JSONIndexKey || key.stringValue.hasPrefix("Index ") {
                return .index(position)
            }
            return .key(key.stringValue)
        }
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let position): text += "[\(position)]"
            }
        }
        return text.isEmpty ? "(top level)" : text
    }

    func appending(_ component: Component) -> JSONPath { JSONPath(components + [component]) }
}

/// The coding key of an array element.
struct JSONIndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { return nil }
}
