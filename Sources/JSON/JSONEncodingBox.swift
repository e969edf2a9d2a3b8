/// What one `encode(to:)` call has written so far, shared by reference between an encoder and
/// the containers it hands out, which may write into it after the call that made them returns.
/// Members and elements are stored apart from the kind, so that adding one mutates in place.
final class JSONEncodingBox {
    enum Kind { case empty, scalar, object, array }

    private(set) var kind = Kind.empty
    private var scalar = JSONValue.null
    private var members: [String: JSONEncodingBox] = [:]
    private var elements: [JSONEncodingBox] = []

    /// The finished value; a value that wrote nothing is `{}`, as with Foundation.
    var value: JSONValue {
        switch kind {
        case .empty: return .object([:])
        case .scalar: return scalar
        case .object: return .object(members.mapValues(\.value))
        case .array: return .array(elements.map(\.value))
        }
    }

    func set(_ value: JSONValue) {
        kind = .scalar
        scalar = value
    }

    /// A new box stored under `key`, making this box an object if it is not one yet.
    func member(_ key: String) -> JSONEncodingBox {
        becomeObject()
        let child = JSONEncodingBox()
        members[key] = child
        return child
    }

    /// A new box appended, making this box an array if it is not one yet.
    func element() -> JSONEncodingBox {
        becomeArray()
        let child = JSONEncodingBox()
        elements.append(child)
        return child
    }

    var count: Int { elements.count }

    func becomeObject() {
        if kind != .object { kind = .object; members = [:] }
    }

    func becomeArray() {
        if kind != .array { kind = .array; elements = [] }
    }
}
