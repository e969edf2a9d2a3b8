import Engine
import Foundation

/// Generation progress on stderr: a redrawn bar with an ETA on a terminal, plain lines otherwise.
final class ProgressReporter {
    private let enabled: Bool
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private var stepStart = Date()
    private var lastLine = ""

    init(enabled: Bool) { self.enabled = enabled }

    func report(_ event: GenerationEvent) {
        guard enabled else { return }
        switch event {
        case let .stage(stage, mode):
            if stage == .denoising { stepStart = Date() }
            emit("\(mode.rawValue): \(stage.rawValue)", final: !isTerminal)
        case let .step(index, count, mode, _):
            let done = index + 1
            let elapsed = Date().timeIntervalSince(stepStart)
            let eta = elapsed / Double(done) * Double(count - done)
            if isTerminal {
                let width = 30, filled = width * done / max(count, 1)
                let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
                emit(String(format: "%@: denoising %@ %d/%d  ETA %.1f s", mode.rawValue, bar, done, count, eta), final: false)
            } else if done == count || done % max(1, count / 5) == 0 {
                emit(String(format: "%@: step %d/%d, ETA %.1f s", mode.rawValue, done, count, eta), final: true)
            }
        case .audio:
            break
        case let .finished(take):
            emit(String(format: "%@: done in %.2f s", take.mode.rawValue, take.timings.total), final: true)
        case let .notice(message):
            emit("warning: \(message)", final: true)
        case let .failed(message):
            emit("failed: \(message)", final: true)
        case .cancelled:
            emit("cancelled", final: true)
        }
    }

    func finish() {
        if enabled && isTerminal && !lastLine.isEmpty { FileHandle.standardError.write(Data("\n".utf8)); lastLine = "" }
    }

    private func emit(_ line: String, final: Bool) {
        if isTerminal {
            let pad = String(repeating: " ", count: max(0, lastLine.count - line.count))
            FileHandle.standardError.write(Data("\r\(line)\(pad)".utf8))
            lastLine = line
            if final { FileHandle.standardError.write(Data("\n".utf8)); lastLine = "" }
        } else {
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
    }
}
