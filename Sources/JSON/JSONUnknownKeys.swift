/// For a strict decode (`JSONValueDecoder.rejectsUnknownKeys`): the members of every object met,
/// and the keys its type asked for. A `Decodable` type asks for each key it knows (synthesized
/// optionals through `contains`), so whatever a file has beyond those is a key nobody read: a
/// typo ("guidence") that would otherwise silently fall back to a default.
///
/// One instance lives for one top-level decode on one thread; `@unchecked Sendable` only lets
/// it ride in the `Sendable` decoder options.
final class JSONUnknownKeys: @unchecked Sendable {
    private var objects: [String: (path: JSONPath, members: Set<String>)] = [:]
    private var asked: [String: Set<String>] = [:]

    /// An object with these members was opened as a keyed container at `codingPath`.
    func met(_ members: Dictionary<String, JSONValue>.Keys, at codingPath: [any CodingKey]) {
        let path = JSONPath(codingPath: codingPath)
        objects[path.description, default: (path, [])].members.formUnion(members)
    }

    /// The type at `codingPath` asked for `key`, whether or not it was there.
    func asked(_ key: String, at codingPath: [any CodingKey]) {
        asked[JSONPath(codingPath: codingPath).description, default: []].insert(key)
    }

    /// The first member nobody asked for, in path order, as an error at its path that lists the
    /// fields that object takes.
    func firstUnknown() -> JSONValueError? {
        for place in objects.keys.sorted() {
            guard let (path, members) = objects[place] else { continue }
            let known = asked[place] ?? []
            guard let unknown = members.subtracting(known).sorted().first else { continue }
            let expected = known.isEmpty ? "this object takes no fields"
                : "expected one of \(known.sorted().joined(separator: ", "))"
            return JSONValueError(path: path.appending(.key(unknown)), problem: "unknown field; \(expected)")
        }
        return nil
    }
}
