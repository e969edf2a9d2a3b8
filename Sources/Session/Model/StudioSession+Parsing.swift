import Foundation
import Models

extension StudioSession {
    /// Reads a session from the bytes of a session file. `source` names the file in messages
    /// ("session.json: takes[2].request.seed: expected an integer, found a string"). Pure: no I/O.
    ///
    /// Strict about what it understands, tolerant of what it does not: unknown keys are ignored,
    /// missing optional fields get their defaults, a newer major version is refused, and the
    /// references between takes and A/B pairs are checked.
    public static func parse(data: Data, source: String) throws(SessionError) -> StudioSession {
        // The takes read in pieces on all cores where the file allows (see `fastRead`).
        let session: StudioSession
        if let read = try fastRead(data, source: source) {
            session = read.value
        } else {
            session = try VersionedDocument.decode(
                StudioSession.self, from: data, source: source, format: format, supportedVersion: currentVersion)
        }
        if let problem = session.consistencyProblem() {
            throw .invalidValue(source: source, path: problem.path, problem: problem.problem)
        }
        return session
    }

    /// The session file's bytes: pretty-printed JSON with sorted keys, so that saves diff well.
    public func encoded(source: String) throws(SessionError) -> Data {
        try VersionedDocument.encode(self, source: source)
    }

    /// The first broken reference or impossible value that types alone do not rule out.
    func consistencyProblem() -> JSONValueError? {
        var firstIndexOfID = [UUID: Int](minimumCapacity: takes.count)
        for (index, take) in takes.enumerated() {
            let path = JSONPath([.key("takes"), .index(index)])
            if let earlier = firstIndexOfID[take.id] {
                return JSONValueError(path: path.appending(.key("id")),
                                      problem: "duplicate id \(take.id.uuidString), already used by takes[\(earlier)]")
            }
            firstIndexOfID[take.id] = index
            if !(take.duration >= 0) {
                return JSONValueError(path: path.appending(.key("duration")),
                                      problem: "expected a duration of 0 seconds or more, found \(take.duration)")
            }
            if !Take.ratingRange.contains(take.rating) {
                return JSONValueError(path: path.appending(.key("rating")),
                                      problem: "expected a rating from 0 to 5, found \(take.rating)")
            }
        }
        var groupOf: [UUID: Int] = [:]
        for (index, group) in variationGroups.enumerated() {
            let path = JSONPath([.key("variationGroups"), .index(index), .key("takes")])
            if group.takes.isEmpty || group.takes.count > VariationGroup.maximumSize {
                return JSONValueError(path: path, problem: "expected 1 to \(VariationGroup.maximumSize) takes, found \(group.takes.count)")
            }
            for (member, id) in group.takes.enumerated() {
                if firstIndexOfID[id] == nil {
                    return JSONValueError(path: path.appending(.index(member)), problem: "no take has id \(id.uuidString)")
                }
                if let other = groupOf[id] {
                    return JSONValueError(path: path.appending(.index(member)),
                                          problem: "take \(id.uuidString) is already in variationGroups[\(other)]")
                }
                groupOf[id] = index
            }
        }
        for (index, deleted) in trash.enumerated() {
            let path = JSONPath([.key("trash"), .index(index), .key("take"), .key("id")])
            if let live = firstIndexOfID[deleted.take.id] {
                return JSONValueError(path: path, problem: "take \(deleted.take.id.uuidString) is both deleted and in takes[\(live)]")
            }
        }
        for (index, pair) in abPairs.enumerated() {
            let path = JSONPath([.key("abPairs"), .index(index)])
            for (key, id) in [("takeA", pair.takeA), ("takeB", pair.takeB)] where firstIndexOfID[id] == nil {
                return JSONValueError(path: path.appending(.key(key)), problem: "no take has id \(id.uuidString)")
            }
            if pair.takeA == pair.takeB {
                return JSONValueError(path: path.appending(.key("takeB")), problem: "a take cannot be paired with itself")
            }
            if pair.switchCount < 0 {
                return JSONValueError(path: path.appending(.key("switchCount")),
                                      problem: "expected 0 or more, found \(pair.switchCount)")
            }
        }
        return nil
    }
}
