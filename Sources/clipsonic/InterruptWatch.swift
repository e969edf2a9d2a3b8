import Dispatch
import Engine
import Foundation

/// Ctrl-C (SIGINT) or SIGTERM during a generation: the first stops it within one denoising step,
/// so the takes already finished are kept and named; a second one ends the process at once.
final class InterruptWatch {
    let control = GenerationControl()
    private var sources: [DispatchSourceSignal] = []
    private let lock = NSLock()
    private var received: Int32?

    init() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.fire(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func fire(_ number: Int32) {
        lock.lock(); received = number; lock.unlock()
        control.stop()
        FileHandle.standardError.write(Data("\ninterrupted: stopping after the current step (again to quit at once)\n".utf8))
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    var interrupted: Bool { signalNumber != nil }

    /// The signal that stopped the run, if any.
    var signalNumber: Int32? { lock.lock(); defer { lock.unlock() }; return received }

    /// 130 after SIGINT, 143 after SIGTERM: the shell's convention for a process a signal ended.
    var exitCode: Int32 { 128 + (signalNumber ?? SIGINT) }

    deinit {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
