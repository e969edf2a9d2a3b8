import Engine
import Foundation
import Session

extension Studio {
    /// Runs one command. Problems that are not the command's fault (a missing file, no device)
    /// are reported on the status line; a bad command throws.
    public func run(_ command: StudioCommand) throws(CommandError) {
        switch command {
        case let .set(option, operation): try set(option, operation)
        case let .toggle(option, backwards): try toggle(option, backwards: backwards)
        case let .edit(option):
            let text = option.kind.format(value(of: option))
            input = (.option(option), LineEditor(text: text))
            historyCursor = option == .prompt ? HistoryCursor(entries: promptHistory?.history.prompts ?? [], draft: text) : nil
        case .generate: generate(ab: false)
        case .generateAB: generate(ab: true)
        case .generateVariations: generate(ab: false, variations: session.settings.variations)
        case let .pick(n): pick(n)
        case .vary: varySelectedTake()
        case .cancel: cancelGeneration()
        case .skip: skipTake()
        case .newSeed:
            let seed = GenerationRequest.drawSeed()
            if updateSession({ $0.settings.request.seed = seed }) { report("new seed \(seed)") }
        case .restore: restoreSelectedTake()
        case let .selectTake(selection): selectTake(selection)
        case .star: toggleStar()
        case .deleteTake: deleteSelectedTake()
        case .undoDelete: undoDelete()
        case let .rate(change): rateSelectedTake(change)
        case let .note(text): setNote(text)
        case let .filter(query): applyFilter(query)
        case .editFilter: input = (.filter, LineEditor(text: filterLine))
        case let .search(text): startSearch(text)
        case .editSearch: input = (.search, LineEditor(text: search?.text ?? ""))
        case let .findMatch(forward): findMatch(forward: forward)
        case let .export(path, replacing): exportSelectedTake(to: path, replacing: replacing)
        case .editNote:
            guard let take = selectedTake else { report("no take selected", .warning); return }
            input = (.note, LineEditor(text: take.note))
        case .play: playSelected()
        case .pause: togglePause()
        case .playerStop: stopPlayback()
        case let .seek(target): seek(target)
        case .abSwitch: switchAB()
        case let .prefer(preference): prefer(preference)
        case .help:
            isHelpOpen.toggle()
            helpScroll = 0
        case let .helpScroll(delta):
            helpScroll = max(helpScroll + delta, 0)
        case .redraw: needsFullRedraw = true
        case .commandLine: input = (.command, LineEditor())
        case .quit: requestQuit()
        case let .bind(binding):
            keyMap.bind(binding)
            report("\(binding.key.name) runs \"\(binding.command)\" in \(binding.context.rawValue) (this run only; "
                   + "add the line to your key file to keep it)")
        case let .unbind(context, key):
            if keyMap.unbind(context: context, key: key) {
                report("\(key.name) unbound in \(context.rawValue)")
            } else {
                report("\(key.name) was not bound in \(context.rawValue)", .warning)
            }
        }
    }

    // MARK: - Takes

    var selectedIndex: Int? { selectedTakeID.flatMap { session.takeIndex($0) } }

    var selectedTake: Take? { selectedTakeID.flatMap { session.take($0) } }

    /// Moves the selection; relative moves and first/last go through the takes the list shows
    /// (see `visibleTakes`), a number names a take of the whole session.
    func selectTake(_ selection: StudioCommand.TakeSelection) {
        let takes = visibleTakes
        guard !takes.isEmpty else { report("no takes yet; press \(keyName("generate")) to make one", .warning); return }
        if case .number(let number) = selection {
            let all = session.takes
            selectedTakeID = all[min(max(number - 1, 0), all.count - 1)].id
            return
        }
        let current = selectedVisibleIndex ?? takes.count - 1
        let index: Int
        switch selection {
        case .first: index = 0
        case .last: index = takes.count - 1
        case .relative(let delta): index = current + delta
        case .number: return
        }
        selectedTakeID = takes[min(max(index, 0), takes.count - 1)].id
    }

    func restoreSelectedTake() {
        guard let take = selectedTake, let index = selectedIndex else { report("no take selected", .warning); return }
        if updateSession({ session in
            session.settings.request = take.request
            session.settings.seedPolicy = .locked
        }) {
            report("settings of take \(index + 1) restored, seed \(take.request.seed) locked")
        }
    }

    func toggleStar() {
        guard let take = selectedTake, let index = selectedIndex else { report("no take selected", .warning); return }
        do {
            if take.isFavourite {
                switch try store.unstar(take.id) {
                case .removed(let copy):
                    let folder = SessionPath.stored(copy.audioURL.deletingLastPathComponent(), sessionFolder: store.folder)
                    report("take \(index + 1) unstarred: \(folder)/\(copy.audioURL.lastPathComponent) and "
                           + "\(copy.sidecarURL.lastPathComponent) removed")
                case .noCopy:
                    report("take \(index + 1) unstarred (its favourite copy was already gone)")
                case .kept(let reason):
                    report("take \(index + 1) unstarred, but its favourite files stay: \(reason)", .warning)
                }
            } else {
                let copy = try store.star(take.id, bundleName: bundleName)
                let folder = SessionPath.stored(copy.audioURL.deletingLastPathComponent(), sessionFolder: store.folder)
                report("★ take \(index + 1) is a favourite: \(folder)/\(copy.audioURL.lastPathComponent) "
                       + "and \(copy.sidecarURL.lastPathComponent)")
            }
        } catch {
            report("\(error)", .error)
        }
    }

    /// The last A/B pair that holds `id`.
    func pair(containing id: Take.ID?) -> (index: Int, pair: ABPair)? {
        guard let id else { return nil }
        guard let index = session.abPairs.lastIndex(where: { $0.takeA == id || $0.takeB == id }) else { return nil }
        return (index, session.abPairs[index])
    }

    func prefer(_ preference: ABPreference) {
        guard let (index, pair) = pair(containing: selectedTakeID) else {
            report("the selected take is not in an A/B pair; press \(keyName("generate-ab")) to make one", .warning)
            return
        }
        guard updateSession({ session throws(SessionError) in try session.setPreference(preference, forPair: pair.id) }) else { return }
        switch preference {
        case .none: report("A/B pair \(index + 1): no preference")
        case .a, .b:
            let id = preference == .a ? pair.takeA : pair.takeB
            let mode = session.take(id)?.request.mode.rawValue ?? ""
            report("A/B pair \(index + 1): you prefer \(preference.rawValue.uppercased()) (\(mode))")
        }
    }

    /// The first key bound to `command`, for messages ("press g").
    func keyName(_ command: String) -> String {
        keyMap.keys(for: command).first.map { $0.name } ?? ":\(command)"
    }
}
