import Foundation
import Session

extension Studio {
    /// What to draw now, for a screen of `rows` × `cols` (the take list scrolls to keep the
    /// selection in view).
    public func viewModel(rows: Int, cols: Int, now: Date = Date()) -> StudioViewModel {
        var model = StudioViewModel()
        model.now = now
        model.sessionName = SessionPath.stored(store.fileURL, sessionFolder: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        model.bundleName = bundleName
        model.engineState = engineState
        model.isUnsaved = store.hasUnsavedChanges
        model.request = session.settings.request
        model.seedLocked = session.settings.seedPolicy == .locked
        model.showsPriorGuidance = priorGuidanceSupported
        if let image = model.request.imagePath, !image.isEmpty {
            model.imageMissing = !FileManager.default.fileExists(atPath: image)
        }
        if let sound = model.request.audioPath, !sound.isEmpty {
            model.soundMissing = !FileManager.default.fileExists(atPath: sound)
        }
        model.progress = progress
        model.queued = worker.queuedCount

        let takes = session.takes
        let status = player?.status
        let playing = status.map { $0.state == .playing || $0.state == .paused } ?? false
        var pairTags: [Take.ID: (String, Bool)] = [:]
        for (index, group) in session.variationGroups.enumerated() {
            for (member, id) in group.takes.enumerated() { pairTags[id] = ("V\(index + 1)·\(member + 1)", false) }
        }
        for (index, pair) in session.abPairs.enumerated() {
            pairTags[pair.takeA] = ("A\(index + 1)", pair.preferred == .a)
            pairTags[pair.takeB] = ("B\(index + 1)", pair.preferred == .b)
        }
        let numbers = Dictionary(uniqueKeysWithValues: takes.enumerated().map { ($0.element.id, $0.offset + 1) })
        let shown = visibleTakes
        model.takes = shown.map { take in
            StudioViewModel.TakeRow(number: numbers[take.id] ?? 0, request: take.request, duration: take.duration,
                                    generationSeconds: take.timings.total, isFavourite: take.isFavourite,
                                    rating: take.rating, note: take.note,
                                    isMissing: missingAudio.contains(take.id), pairTag: pairTags[take.id]?.0,
                                    isPreferred: pairTags[take.id]?.1 ?? false,
                                    isPlaying: playing && take.id == playingTakeID,
                                    isRecovered: take.recovered != nil,
                                    score: search.map { $0.matches[take.id].map(Double.init) } ?? take.score)
        }
        if let filter {
            model.filterSummary = "/\(filter.query): \(takes.filter(filter.matches).count) of \(takes.count)"
        }
        if let search {
            model.filterSummary = "search \"\(search.text)\": \(search.ranked.count) ranked"
                + (search.skipped.isEmpty ? "" : ", \(search.skipped.count) skipped") + (model.filterSummary.map { ", " + $0 } ?? "")
            model.scoreTitle = "match"
        }
        model.showsScore = search != nil || takes.contains { $0.score != nil }
        model.selected = selectedVisibleIndex

        if isGenerating, let preview = livePreview, let progress {
            model.spectrogram = preview
            model.spectrogramCaption = "mel estimate, step \(progress.step)/\(progress.totalSteps)"
        } else if let index = selectedIndex, let mel = melOfSelectedTake() {
            switch mel {
            case .success(let image):
                model.spectrogram = image
                model.spectrogramCaption = "take \(index + 1) mel"
                model.spectrogramSeconds = audioCache[takes[index].id]?.duration
                if playing, let status, playingTakeID == takes[index].id { model.playheadPosition = status.position }
            case .failure:
                model.spectrogramCaption = "take \(index + 1): no audio to show"
            }
        } else if let preview = livePreview {
            model.spectrogram = preview
            model.spectrogramCaption = "last mel estimate"
        }

        if let id = selectedTakeID, let (index, group) = session.group(containing: id) {
            model.groupBar = StudioViewModel.GroupBar(
                groupNumber: index + 1,
                members: group.takes.map { member in ((numbers[member] ?? 0), session.take(member)?.request.seed ?? 0) },
                selected: group.takes.firstIndex(of: id) ?? 0)
        } else if let (index, pair) = pair(containing: selectedTakeID),
           let a = session.take(pair.takeA), let b = session.take(pair.takeB),
           let numberA = session.takeIndex(pair.takeA), let numberB = session.takeIndex(pair.takeB) {
            model.abBar = StudioViewModel.ABBar(pairNumber: index + 1, takeA: numberA + 1, takeB: numberB + 1,
                                                modeA: a.request.mode, modeB: b.request.mode,
                                                side: selectedTakeID == pair.takeA ? .a : .b,
                                                preferred: pair.preferred, switchCount: pair.switchCount)
        }

        if let status {
            model.playback = StudioViewModel.PlaybackLine(
                state: status.state, takeNumber: playingTakeID.flatMap { session.takeIndex($0) }.map { $0 + 1 },
                position: status.position, duration: status.duration, isLooping: status.isLooping, unavailable: nil)
        } else {
            let output = (try? store.outputFolderURL()).map { SessionPath.stored($0, sessionFolder: store.folder) }
                ?? session.settings.outputFolder
            model.playback.unavailable = "ALSA device \"\(session.settings.deviceName)\" unavailable; takes are saved in "
                + output + "/ (:set device=NAME to try another)"
        }
        model.status = self.status
        model.hints = hints
        if let input {
            let label: String
            switch input.purpose {
            case .command: label = ":"
            case .option(let option): label = " \(option.rawValue): "
            case .note: label = " note: "
            case .filter: label = "/"
            case .search: label = " search by sound: "
            }
            model.input = StudioViewModel.InputLine(label: label, editor: input.editor)
        }
        if isHelpOpen {
            model.help = HelpText.lines(keyMap: keyMap)
            model.helpScroll = helpScroll
        }
        // Last, as a long message takes rows from the take list.
        firstVisibleTake = ListViewport.firstVisible(selected: model.selected, count: shown.count,
                                                     height: MainView.takeRows(model, rows: rows, cols: cols),
                                                     previousFirst: firstVisibleTake)
        model.firstVisibleTake = firstVisibleTake
        return model
    }
}
