/// A well-formed JSON document whose content does not fit the expected type: where, and what is
/// wrong there ("expected an integer, found a string").
struct JSONValueError: Error, Equatable, Sendable {
    var path: JSONPath
    var problem: String
}
