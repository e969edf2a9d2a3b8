/// One line of a key file: in `context`, `key` runs `command` (a command line).
public struct KeyBinding: Sendable, Equatable {
    public var context: KeyContext
    public var key: Key
    public var command: String

    public init(context: KeyContext, key: Key, command: String) {
        self.context = context; self.key = key; self.command = command
    }
}
