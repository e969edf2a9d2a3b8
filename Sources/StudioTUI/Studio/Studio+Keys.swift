import Foundation

extension Studio {
    /// The context keys are looked up in now.
    var keyContext: KeyContext { isHelpOpen ? .help : .main }

    /// A key from the terminal: edits the input line when it is open, else runs its binding.
    public func handle(key: Key) {
        let key = key.normalized
        if var open = input {
            switch key {
            case .special(.up) where historyCursor != nil, .special(.down) where historyCursor != nil:
                let shown = key == .special(.up) ? historyCursor?.older(current: open.editor.text) : historyCursor?.newer()
                if let shown { open.editor = LineEditor(text: shown) }
                input = open
            case .enter:
                input = nil
                historyCursor = nil
                commit(open.purpose, text: open.editor.text)
            case .escape, .character("\u{07}"):
                input = nil
                historyCursor = nil
                report("cancelled")
            default:
                open.editor.handle(key)
                input = open
            }
            return
        }
        if status?.severity == .error { status = nil }
        if let command = keyMap.command(for: key, in: keyContext) {
            execute(command)
        } else if isHelpOpen {
            isHelpOpen = false
        } else {
            let help = keyMap.keys(for: "help").first?.name ?? "?"
            report("\(key.name) is not bound to anything; press \(help) for the keys", .warning)
        }
    }

    /// Runs a command line; errors go to the status line.
    public func execute(_ line: String) {
        do {
            try run(StudioCommand.parse(line))
        } catch {
            report("\(error)", .error)
        }
    }

    private func commit(_ purpose: InputPurpose, text: String) {
        switch purpose {
        case .command:
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
            execute(text)
        case .option(let option):
            if option == .prompt, let problem = promptHistory?.record(text) { report(problem, .warning) }
            do {
                try run(.set(option, .assign(text)))
            } catch {
                report("\(error)", .error)
            }
        case .note:
            setNote(text)
        case .filter:
            applyFilter(text)
        case .search:
            startSearch(text)
        }
    }

    /// Key hints for the status line, from the bindings in use.
    var hints: String {
        let wanted: [(String, String)] = [
            ("generate", "generate"), ("generate-ab", "A/B"), ("edit prompt", "prompt"), ("play", "play"),
            ("ab-switch", "switch A/B"), ("star", "star"), ("help", "help"), ("quit", "quit"),
        ]
        return wanted.compactMap { command, label in
            keyMap.keys(for: command).first.map { "\($0.name) \(label)" }
        }.joined(separator: "  ")
    }
}
