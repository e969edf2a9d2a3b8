import Foundation

/// Reuses the large buffers of tensors that have been freed, so that a network run again on the
/// same shapes (every denoising step, every take of one length) takes its activations from memory
/// it already owns instead of asking the kernel for fresh pages each time.
///
/// Buffers above `minimumCount` floats are kept by capacity (rounded to 4 KiB) when their tensor
/// dies, up to `limitBytes` in all; beyond that they are freed. A request takes an idle buffer of
/// its size, else the smallest one up to twice it (by exact size only, every size a U-Net step
/// uses kept its own buffers: 788 against 500 MiB idle at full size). Small buffers go straight to
/// malloc, which already recycles them.
final class StoragePool: @unchecked Sendable {
    static let shared = StoragePool()

    static let minimumCount = 1 << 14
    /// At most a sixteenth of the machine's memory, and 1 GiB, is held idle.
    let limitBytes = Swift.min(1 << 30, Int(ProcessInfo.processInfo.physicalMemory / 16))

    private let lock = NSLock()
    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private var heldBytes = 0

    /// The capacity a request of `count` floats is served with.
    static func capacity(for count: Int) -> Int {
        count < minimumCount ? Swift.max(count, 1) : (count + 1023) / 1024 * 1024
    }

    /// A buffer of at least `capacity` (a `capacity(for:)`) floats, contents undefined, and its
    /// capacity: an idle buffer of exactly that size, else the smallest idle one up to twice it.
    func take(capacity: Int) -> (UnsafeMutablePointer<Float>, Int) {
        if capacity >= Self.minimumCount {
            lock.lock()
            var fit: Int? = free[capacity]?.isEmpty == false ? capacity : nil
            if fit == nil {
                for (size, buffers) in free where size > capacity && size <= 2 * capacity && !buffers.isEmpty {
                    fit = Swift.min(fit ?? size, size)
                }
            }
            if let fit, let p = free[fit]?.popLast() {
                heldBytes -= fit * MemoryLayout<Float>.stride
                lock.unlock()
                return (p, fit)
            }
            lock.unlock()
        }
        return (UnsafeMutablePointer<Float>.allocate(capacity: capacity), capacity)
    }

    func give(_ p: UnsafeMutablePointer<Float>, capacity: Int) {
        let bytes = capacity * MemoryLayout<Float>.stride
        if capacity >= Self.minimumCount {
            lock.lock()
            if heldBytes + bytes <= limitBytes {
                free[capacity, default: []].append(p)
                heldBytes += bytes
                lock.unlock()
                return
            }
            lock.unlock()
        }
        p.deallocate()
    }

    /// Frees every idle buffer (`UNet.releaseWorkingMemory`: the U-Net's activations are not
    /// held through the vocoder, whose shapes differ).
    func releaseIdle() {
        lock.lock()
        let buffers = free.values.flatMap { $0 }
        free.removeAll()
        heldBytes = 0
        lock.unlock()
        for p in buffers { p.deallocate() }
    }
}
