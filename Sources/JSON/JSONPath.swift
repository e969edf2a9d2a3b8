/// A location inside a JSON document, printed the way a person would type it:
/// `takes[2].request.seed`, `unet.config.channel_mult[1]`.
public struct JSONPath: Equatable, Sendable, CustomStringConvertible {
    public enum Component: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]

    public init(_ components: [Component] = []) { self.components = components }

    /// Coding keys with an integer value spelled "Index 2" (Foundation's and `JSONCodingKey`'s
    /// array positions) or "2" are array positions; every other key is an object member.
    public init(codingPath: [any CodingKey]) {
        components = codingPath.map { key in
            if let position = key.intValue,
               key.stringValue == "Index \(position)" || key.stringValue == "\(position)" {
                return .index(position)
            }
            return .key(key.stringValue)
        }
    }

    /// The whole document.
    public var isTopLevel: Bool { components.isEmpty }

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

    public func appending(_ component: Component) -> JSONPath { JSONPath(components + [component]) }
}
