import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the terminal back as it was when the studio cannot leave through `endwin`: a crash
/// (Swift traps, SIGSEGV, SIGABRT, ...) or a second Ctrl-C while the first is being handled.
/// Only async-signal-safe calls run in the handler: `tcsetattr` with the attributes saved before
/// ncurses started, and `write` of the terminal's "leave the alternate screen, show the cursor,
/// reset colours" strings, copied out of terminfo in advance.
enum TerminalRestore {
    nonisolated(unsafe) private static var savedAttributes = termios()
    nonisolated(unsafe) private static var hasSavedAttributes = false
    nonisolated(unsafe) private static var resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    nonisolated(unsafe) private static var resetCount = 0

    static let crashSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]

    /// Saves the terminal's attributes; call before ncurses changes them.
    static func saveAttributes() {
        hasSavedAttributes = tcgetattr(STDIN_FILENO, &savedAttributes) == 0
    }

    /// Copies the reset strings of the current terminal (call after ncurses set it up).
    static func captureResetSequence() {
        var bytes: [UInt8] = []
        for capability in ["rmcup", "rmkx", "sgr0", "cnorm"] {
            if let value = cs_tigetstr(capability) { bytes += Array(String(cString: value).utf8) }
        }
        bytes.append(UInt8(ascii: "\n"))
        resetCount = min(bytes.count, 256)
        for (index, byte) in bytes.prefix(resetCount).enumerated() { resetBytes[index] = byte }
    }

    /// Async-signal-safe.
    static func restoreNow() {
        if resetCount > 0 { _ = write(STDOUT_FILENO, resetBytes, resetCount) }
        if hasSavedAttributes { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedAttributes) }
    }

    /// The handlers that were there before (the Swift runtime's backtracer), by signal number.
    nonisolated(unsafe) private static var previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    /// Crash signals restore the terminal, then run the handler that was there before (the
    /// Swift runtime prints its backtrace onto a usable terminal), then take the default action,
    /// so the process ends even when the signal was sent rather than caused by a fault.
    static func installCrashHandlers() {
        for signalNumber in crashSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { signalNumber, info, context in
                TerminalRestore.restoreNow()
                TerminalRestore.runPreviousHandler(signalNumber, info, context)
                signal(signalNumber, SIG_DFL)
                // Blocked while this handler runs; delivered, with the default action, on return.
                raise(signalNumber)
            }
            action.sa_flags = Int32(SA_SIGINFO)
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, previousActions + Int(signalNumber))
        }
    }

    private static func runPreviousHandler(_ signalNumber: Int32, _ info: UnsafeMutablePointer<siginfo_t>?,
                                           _ context: UnsafeMutableRawPointer?) {
        let previous = previousActions[Int(signalNumber)]
        if previous.sa_flags & Int32(SA_SIGINFO) != 0 {
            previous.__sigaction_handler.sa_sigaction?(signalNumber, info, context)
        } else if let handler = previous.__sigaction_handler.sa_handler {
            // SIG_DFL is 0 (no handler) and SIG_IGN is 1.
            if unsafeBitCast(handler, to: Int.self) != 1 { handler(signalNumber) }
        }
    }

    static func removeCrashHandlers() {
        for signalNumber in crashSignals { sigaction(signalNumber, previousActions + Int(signalNumber), nil) }
    }
}
