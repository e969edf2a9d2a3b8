import Engine
import Foundation
import Session

extension Studio {
    /// An option's current value.
    func value(of option: StudioOption) -> OptionValue {
        let settings = session.settings
        if let parameter = option.requestParameter {
            return OptionValue(parameter.value(in: settings.request), of: parameter)
        }
        switch option {
        case .seedLock: return .flag(settings.seedPolicy == .locked)
        case .theme: return .text(theme.name == Theme.builtInDefault.name ? settings.themeName : theme.name)
        case .device: return .text(settings.deviceName)
        case .autoplay: return .flag(autoplay)
        case .repeatPlayback: return .flag(player?.isLooping ?? false)
        case .variations: return .integer(settings.variations)
        default: return .text("")
        }
    }

    func set(_ option: StudioOption, _ operation: StudioCommand.SetOperation) throws(CommandError) {
        let kind = option.kind
        if case .show = operation {
            report("\(option.rawValue)=\(kind.format(value(of: option)))  (\(option.summary))")
            return
        }
        if option == .priorGuidance, !priorGuidanceSupported {
            report("prior-guidance stays 1: this bundle's prior has no learned null condition, so guidance cannot change it", .warning)
            return
        }
        let newValue: OptionValue
        switch operation {
        case .show: return
        case .assign(let text): newValue = try kind.parse(text, option: option)
        case .increase(let delta): newValue = try kind.adjust(value(of: option), by: delta, sign: 1, option: option)
        case .decrease(let delta): newValue = try kind.adjust(value(of: option), by: delta, sign: -1, option: option)
        }
        apply(option, newValue)
    }

    func toggle(_ option: StudioOption, backwards: Bool) throws(CommandError) {
        switch (option.kind, value(of: option)) {
        case (.flag, .flag(let on)):
            apply(option, .flag(!on))
        case (.choice(let choices), .text(let current)):
            apply(option, .text(Self.step(through: choices, from: current, backwards: backwards)))
        case (.name, .text(let current)) where option == .theme:
            apply(option, .text(Self.step(through: themeLoader.availableThemes(), from: current, backwards: backwards)))
        default:
            throw .notToggleable(option: option.rawValue)
        }
    }

    static func step(through choices: [String], from current: String, backwards: Bool) -> String {
        guard !choices.isEmpty else { return current }
        guard let index = choices.firstIndex(of: current) else { return choices[0] }
        return choices[(index + (backwards ? choices.count - 1 : 1)) % choices.count]
    }

    /// Stores a checked value and says what changed.
    func apply(_ option: StudioOption, _ value: OptionValue) {
        let shown = option.kind.format(value)
        switch (option, value) {
        case (.theme, .text(let name)): applyTheme(name); return
        case (.device, .text(let name)): applyDevice(name); return
        case (.autoplay, .flag(let on)): autoplay = on
        case (.repeatPlayback, .flag(let on)):
            guard let player else { report("no playback device: \(playerUnavailable ?? "")", .warning); return }
            player.isLooping = on
        case (.image, .text(let path)):
            applyImage(path); return
        case (.audio, .text(let path)):
            applyAudio(path); return
        case (.seed, .seed(let seed)):
            // A seed typed in is meant to be used: lock it, or the next take would draw a new one.
            guard updateSession({ session in
                session.settings.request.seed = seed
                session.settings.seedPolicy = .locked
            }) else { return }
            report("seed \(seed), locked (\(keyName("toggle seed-lock")) unlocks)")
            return
        default:
            guard updateSession({ Self.store(option, value, in: &$0.settings) }) else { return }
        }
        report("\(option.rawValue) = \(shown.isEmpty ? "(none)" : shown)")
    }

    /// Writes a session-held option into the settings; the value was checked by the parser
    /// (the parameter table's, for generation options).
    static func store(_ option: StudioOption, _ value: OptionValue, in settings: inout StudioSettings) {
        if let parameter = option.requestParameter {
            let stored: ParameterValue
            switch value {
            case .text(let t): stored = t.isEmpty && parameter.isOptional ? .none : .text(t)
            case .decimal(let x): stored = x == 0 && parameter.isOptional ? .none : .decimal(x)
            case .integer(let n): stored = .integer(n)
            case .seed(let s): stored = .seed(s)
            case .flag(let on): stored = .flag(on)
            }
            parameter.assign(stored, to: &settings.request)
            return
        }
        if option == .seedLock, case .flag(let on) = value { settings.seedPolicy = on ? .locked : .newEachTime }
        if option == .variations, case .integer(let count) = value { settings.variations = count }
    }

    /// A typed path without surrounding spaces, with a leading `~/` as the shell reads it.
    static func expandingHome(_ path: String) -> String {
        let trimmed = path.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("~/") else { return trimmed }
        return (ProcessInfo.processInfo.environment["HOME"] ?? "") + String(trimmed.dropFirst(1))
    }

    /// A picture given while the mode is text-only switches to image mode, since that is what
    /// giving a picture asks for; mix stays mix.
    func applyImage(_ path: String) {
        let expanded = Self.expandingHome(path)
        var switched = false
        guard updateSession({ session in
            session.settings.request.imagePath = expanded.isEmpty ? nil : expanded
            if !expanded.isEmpty, [.zeroShot, .prior].contains(session.settings.request.mode) {
                session.settings.request.mode = .image
                switched = true
            }
        }) else { return }
        if expanded.isEmpty { report("no picture"); return }
        let exists = FileManager.default.fileExists(atPath: expanded)
        report("picture \(expanded)" + (switched ? ", mode image" : "")
               + (exists ? "" : " (not found: check the path before generating)"), exists ? .info : .warning)
    }

    /// A sound given as the query: the mode becomes audio, since that is what giving one asks
    /// for (as a picture switches to image mode). Without an audio encoder the sound is kept but
    /// the studio says it cannot be used with this bundle.
    func applyAudio(_ path: String) {
        let expanded = Self.expandingHome(path)
        var switched = false
        guard updateSession({ session in
            session.settings.request.audioPath = expanded.isEmpty ? nil : expanded
            if !expanded.isEmpty, session.settings.request.mode != .audio {
                session.settings.request.mode = .audio
                switched = true
            }
        }) else { return }
        if expanded.isEmpty { report("no sound"); return }
        let exists = FileManager.default.fileExists(atPath: expanded)
        var problems: [String] = []
        if !exists { problems.append("not found: check the path before generating") }
        if engineState == .ready, !hasAudioEncoder { problems.append("bundle \(bundleName) has no audio encoder, which audio mode needs") }
        report("sound \(expanded)" + (switched ? ", mode audio" : "")
               + (problems.isEmpty ? "" : " (" + problems.joined(separator: "; ") + ")"), problems.isEmpty ? .info : .warning)
    }

    func applyTheme(_ name: String) {
        let loaded = themeLoader.load(named: name)
        theme = loaded.theme
        needsFullRedraw = true
        if loaded.messages.isEmpty {
            updateSession { $0.settings.themeName = name }
            report("theme \(name)")
        } else {
            report(loaded.messages.joined(separator: "; "), .warning)
        }
    }

    func applyDevice(_ name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { report("device: give an ALSA device name, e.g. default or null", .warning); return }
        player?.close()
        player = nil
        playingTakeID = nil
        openPlayer(trimmed)
        updateSession { $0.settings.deviceName = trimmed }
        if let playerUnavailable { report(playerUnavailable, .warning) } else { report("playing on ALSA device \(trimmed)") }
    }

    /// Opens the device; without one the studio says so once and saves takes without playing.
    func openPlayer(_ name: String) {
        do {
            player = try makePlayer(name)
            playerUnavailable = nil
        } catch {
            player = nil
            playerUnavailable = "\(error)"
        }
    }
}
