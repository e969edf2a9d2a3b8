import Dispatch
import Engine
import Foundation

/// Ctrl-C during a generation: the first stops it within one denoising step, so the takes
/// already finished are kept and named; a second one ends the process at once.
final class InterruptWatch {
    let control = GenerationControl()
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var fired = false

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            self.lock.lock(); self.fired = true; self.lock.unlock()
            self.control.stop()
            FileHandle.standardError.write(Data("\ninterrupted: stopping after the current step (Ctrl-C again quits at once)\n".utf8))
            signal(SIGINT, SIG_DFL)
        }
        source.resume()
    }

    var interrupted: Bool { lock.lock(); defer { lock.unlock() }; return fired }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
