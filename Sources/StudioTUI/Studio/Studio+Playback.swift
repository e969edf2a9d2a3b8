import Foundation
import Models
import Playback
import Session

extension Studio {
    /// The take's audio, read from its file (so what plays is what was saved), cached; a failure
    /// is reported as one to play it.
    func buffer(for id: Take.ID) -> AudioBuffer? {
        switch loadAudio(id) {
        case .success(let buffer): return buffer
        case .failure(let error):
            report("cannot play: \(error)", .error)
            return nil
        }
    }

    /// The take's audio from its file, cached, or why it cannot be read (naming the file); says
    /// nothing itself, so the spectrogram and the player can each tell it their way.
    func loadAudio(_ id: Take.ID) -> Result<AudioBuffer, StudioError> {
        if let cached = audioCache[id] { return .success(cached) }
        guard let take = session.take(id) else { return .failure(.audio("no take with id \(id.uuidString)")) }
        let url: URL
        do { url = try store.audioURL(of: take) } catch {
            missingAudio.insert(id)
            return .failure(.audio("\(error)"))
        }
        do {
            // libsndfile opens by name and would wait forever on a FIFO.
            try RegularFile.requireRegular(url.path)
            let buffer = try AudioFile.read(url)
            audioCache[id] = buffer
            missingAudio.remove(id)
            return .success(buffer)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { missingAudio.insert(id) }
            return .failure(.audio("\(take.audioPath): \(error)"))
        }
    }

    func playSelected() {
        guard let id = selectedTakeID else { report("no take selected", .warning); return }
        play(id)
    }

    func play(_ id: Take.ID) {
        guard let player else {
            let path = session.take(id)?.audioPath ?? ""
            report("no playback device; the take is saved at \(path)", .warning)
            return
        }
        guard let buffer = buffer(for: id) else { return }
        player.play(buffer)
        playingTakeID = id
        streaming = nil
    }

    func togglePause() {
        guard let player else { report("no playback device", .warning); return }
        if player.status.duration == 0 { playSelected(); return }
        player.togglePause()
    }

    func stopPlayback() {
        player?.stop()
    }

    func seek(_ target: StudioCommand.SeekTarget) {
        guard let player, player.status.duration > 0 else { report("nothing to seek in: play a take first", .warning); return }
        switch target {
        case .absolute(let seconds): player.seek(to: seconds)
        case .relative(let delta): player.seek(to: max(player.position + delta, 0))
        }
    }

    /// Switches to the other take of the selected take's A/B pair. While one of the pair is
    /// playing (or paused), the other continues from the same position; otherwise it starts.
    func switchAB() {
        if switchVariation() { return }
        guard let (index, pair) = pair(containing: selectedTakeID) else {
            report("the selected take is not in an A/B pair; press \(keyName("generate-ab")) to make one", .warning)
            return
        }
        let other = selectedTakeID == pair.takeA ? pair.takeB : pair.takeA
        selectedTakeID = other
        updateSession { session throws(SessionError) in try session.recordSwitch(inPair: pair.id) }
        let side = other == pair.takeA ? "A" : "B"
        let mode = session.take(other)?.request.mode.rawValue ?? ""
        guard let player else {
            report("A/B pair \(index + 1): \(side) (\(mode)) selected; no playback device", .warning)
            return
        }
        guard let buffer = buffer(for: other) else { return }
        let status = player.status
        if let playing = playingTakeID, playing == pair.takeA || playing == pair.takeB,
           status.state == .playing || status.state == .paused {
            player.switchTo(buffer, keepPosition: true)
            report("A/B pair \(index + 1): \(side) (\(mode)) at \(Format.clock(status.position))")
        } else {
            player.play(buffer)
            report("A/B pair \(index + 1): \(side) (\(mode))")
        }
        playingTakeID = other
    }
}
