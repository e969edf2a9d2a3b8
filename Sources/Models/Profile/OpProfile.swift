import Dispatch
import Foundation

/// Where a network's time goes, per kind of layer: wall time and calls, summed by label while
/// `enabled` (the benchmark's `--profile`; `CLIPSONIC_PROFILE=1`). Off, a layer pays one load and
/// one branch. Labels name the layer kind and shape ("conv 3x3 128->128 @2x80x256 jit_wino_4x3").
public enum OpProfile {
    nonisolated(unsafe) public static var enabled = ProcessInfo.processInfo.environment["CLIPSONIC_PROFILE"] != nil

    public struct Entry: Sendable {
        public let label: String
        public var seconds: Double
        public var calls: Int
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var entries: [String: Entry] = [:]

    /// Runs `body`, and while profiling adds its wall time to `label`'s entry.
    @inline(__always)
    public static func measure<R>(_ label: @autoclosure () -> String, _ body: () -> R) -> R {
        guard enabled else { return body() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        let r = body()
        let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let l = label()
        lock.lock()
        entries[l, default: Entry(label: l, seconds: 0, calls: 0)].seconds += dt
        entries[l, default: Entry(label: l, seconds: 0, calls: 0)].calls += 1
        lock.unlock()
        return r
    }

    /// The entries so far, largest time first.
    public static func report() -> [Entry] {
        lock.lock(); defer { lock.unlock() }
        return entries.values.sorted { $0.seconds > $1.seconds }
    }

    /// The report as a table, largest time first (`CLIPSONIC_PROFILE=1 clipsonic generate ...`).
    public static func printReport(to handle: FileHandle) {
        var text = "op profile (layer, calls, ms):\n"
        for e in report() {
            text += e.label.padding(toLength: 72, withPad: " ", startingAt: 0)
                + String(format: " %6d %8.1f\n", e.calls, e.seconds * 1000)
        }
        handle.write(Data(text.utf8))
    }

    public static func reset() {
        lock.lock(); entries = [:]; lock.unlock()
    }
}
