import Foundation

/// The tensor names taken through a `WeightBinder` and every binder scoped from it; shared so
/// that `finish()` on the top binder sees what the scoped ones took. Locked because networks
/// may load their parts from several threads.
final class TakenNames: @unchecked Sendable {
    private var names: Set<String> = []
    private let lock = NSLock()

    func insert(_ name: String) {
        lock.lock()
        names.insert(name)
        lock.unlock()
    }

    func contains(_ name: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return names.contains(name)
    }
}
