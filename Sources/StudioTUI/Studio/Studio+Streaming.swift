import Engine
import Foundation
import Playback
import Session

/// A long take heard while it is made: the engine reports each window's settled audio as soon
/// as the next window starts (`GenerationEvent.audio`), so a 30 s take starts playing after its
/// first window instead of after all of them; the saved take then replaces the sound at the
/// same moment, so the listener hears one take from start to end.
struct StreamingTake: Equatable {
    let jobID: Int
    let mode: ConditioningMode
    /// The sample the next part must start at; a part that does not is dropped.
    var next: Int
}

extension Studio {
    /// Plays a take's first part at once, when autoplay would play the finished take; appends
    /// the later parts to it.
    func heard(_ samples: [Float], start: Int, sampleRate: Int, jobID: Int, mode: ConditioningMode) {
        guard autoplay, let player, let job = jobs[jobID], !job.isVariationGroup else { return }
        if start == 0 {
            // As `addTake` would: an A/B pair plays its first mode, anything else every take.
            guard !job.isABPair || mode == job.modes.first else { return }
            player.playGrowing(AudioBuffer(samples: samples, sampleRate: sampleRate))
            streaming = StreamingTake(jobID: jobID, mode: mode, next: samples.count)
            playingTakeID = nil
            report("playing the take's first \(Self.seconds(samples.count, sampleRate)) while the rest is made")
            return
        }
        guard var current = streaming, current.jobID == jobID, current.mode == mode, current.next == start else { return }
        player.append(samples, sampleRate: sampleRate)
        current.next += samples.count
        streaming = current
    }

    /// Plays a take just saved: if its beginning is already playing, the saved take takes over
    /// from the same moment instead of starting again.
    func playMade(_ id: Take.ID, jobID: Int, mode: ConditioningMode) {
        guard let current = streaming, current.jobID == jobID, current.mode == mode, let player else {
            play(id)
            return
        }
        guard let buffer = buffer(for: id) else {
            endStreaming(jobID: jobID)
            return
        }
        player.switchTo(buffer, keepPosition: true)
        playingTakeID = id
        streaming = nil
    }

    /// A job ended with part of its take playing (stopped, skipped, failed): what was made plays
    /// to its end and the player stops there.
    func endStreaming(jobID: Int) {
        guard let current = streaming, current.jobID == jobID else { return }
        player?.finishGrowing()
        streaming = nil
    }

    private static func seconds(_ samples: Int, _ rate: Int) -> String {
        String(format: "%.1f s", Double(samples) / Double(max(rate, 1)))
    }
}
