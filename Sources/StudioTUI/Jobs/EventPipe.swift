import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Carries events from background threads to the main loop, as cmus's workers do: the event goes
/// into a locked queue and one byte into a pipe, whose read end the main loop polls together with
/// the terminal. The pipe is non-blocking at both ends: a full pipe already means "wake up".
public final class EventPipe<Event: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [Event] = []
    /// The end to poll for reading.
    public let readDescriptor: Int32
    private let writeDescriptor: Int32

    public init() throws(StudioError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .system(what: "cannot create the event pipe", errno: errno) }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Queues `event` and wakes the main loop; callable from any thread.
    public func post(_ event: Event) {
        lock.lock()
        pending.append(event)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Everything posted so far, oldest first; empties the pipe too.
    public func drain() -> [Event] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readDescriptor, &buffer, buffer.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let events = pending
        pending.removeAll()
        return events
    }
}
