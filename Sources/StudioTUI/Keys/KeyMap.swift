/// Key bindings by context. Looking a key up tries the view's own context, then `common`.
public struct KeyMap: Sendable, Equatable {
    /// In the order they were bound, so the help overlay lists them as the key file does.
    public private(set) var bindings: [KeyBinding] = []

    public init(bindings: [KeyBinding] = []) {
        for binding in bindings { bind(binding) }
    }

    /// Adds a binding, replacing the one for the same key in the same context.
    public mutating func bind(_ binding: KeyBinding) {
        if let index = bindings.firstIndex(where: { $0.context == binding.context && $0.key == binding.key }) {
            bindings[index] = binding
        } else {
            bindings.append(binding)
        }
    }

    /// Removes a binding; returns false if there was none.
    @discardableResult
    public mutating func unbind(context: KeyContext, key: Key) -> Bool {
        let before = bindings.count
        bindings.removeAll { $0.context == context && $0.key == key }
        return bindings.count != before
    }

    /// The command `key` runs in `context`, falling back to `common`.
    public func command(for key: Key, in context: KeyContext) -> String? {
        let key = key.normalized
        if let own = bindings.first(where: { $0.context == context && $0.key == key }) { return own.command }
        return bindings.first { $0.context == .common && $0.key == key }?.command
    }

    /// The keys bound to `command` in `context` or `common`, for hints ("press g to generate").
    public func keys(for command: String, in context: KeyContext = .main) -> [Key] {
        bindings.filter { ($0.context == context || $0.context == .common) && $0.command == command }.map(\.key)
    }

    /// Applies a key file's lines in order.
    public mutating func apply(_ file: KeyFile) {
        for line in file.lines {
            switch line.command {
            case .bind(let binding): bind(binding)
            case .unbind(let context, let key): unbind(context: context, key: key)
            default: break
            }
        }
    }
}
