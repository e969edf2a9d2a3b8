import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT, SIGTERM, SIGHUP and SIGWINCH into bytes on a pipe that the main loop polls, so
/// they are handled between frames like any input (the self-pipe trick). A second terminating
/// signal before the first was handled restores the terminal and exits at once.
enum SignalPipe {
    nonisolated(unsafe) private static var writeDescriptor: Int32 = -1
    nonisolated(unsafe) private static var terminatingCount: Int32 = 0
    nonisolated(unsafe) private(set) static var readDescriptor: Int32 = -1

    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let handled: [Int32] = terminating + [SIGWINCH]

    static func install() throws(StudioError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .system(what: "cannot create the signal pipe", errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
        for signalNumber in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                if signalNumber != SIGWINCH {
                    SignalPipe.terminatingCount += 1
                    if SignalPipe.terminatingCount > 1 {
                        TerminalRestore.restoreNow()
                        _exit(128 + signalNumber)
                    }
                }
                var byte = UInt8(truncatingIfNeeded: signalNumber)
                let saved = errno
                _ = write(SignalPipe.writeDescriptor, &byte, 1)
                errno = saved
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(SA_RESTART)
            sigaction(signalNumber, &action, nil)
        }
        signal(SIGPIPE, SIG_IGN)
    }

    /// Signals received since the last call.
    static func drain() -> [Int32] {
        var buffer = [UInt8](repeating: 0, count: 64)
        var signals: [Int32] = []
        while true {
            let count = read(readDescriptor, &buffer, buffer.count)
            guard count > 0 else { break }
            signals += buffer.prefix(count).map { Int32($0) }
        }
        return signals
    }

    static func uninstall() {
        for signalNumber in handled { signal(signalNumber, SIG_DFL) }
        if readDescriptor >= 0 { close(readDescriptor); readDescriptor = -1 }
        if writeDescriptor >= 0 { close(writeDescriptor); writeDescriptor = -1 }
    }
}
