import Foundation

/// The memory every oneDNN plan borrows while it runs: activations in the primitives' blocked
/// layouts and the primitives' scratchpads. The engine's own Winograd (`WinogradF43`) borrows it
/// too, for its transformed weights, input and output.
///
/// Plans run one at a time (under `lock`), so one arena sized for the largest plan serves every
/// layer of every network: a denoising step allocates nothing once the first step has grown it,
/// and memory does not grow with the number of layers.
final class DNNLWorkspace: @unchecked Sendable {
    static let shared = DNNLWorkspace()

    enum Slot: Int, CaseIterable { case source, destination, scratchpad }

    let lock = NSLock()
    private var buffers: [UnsafeMutableRawPointer?] = Array(repeating: nil, count: Slot.allCases.count)
    private var capacities = Array(repeating: 0, count: Slot.allCases.count)

    /// A 64-byte aligned buffer of at least `bytes` for `slot`; its contents are undefined.
    /// The caller holds `lock` for as long as it uses the buffer.
    func buffer(_ slot: Slot, bytes: Int) -> UnsafeMutableRawPointer? {
        let i = slot.rawValue
        if capacities[i] < bytes || buffers[i] == nil {
            free(buffers[i])
            buffers[i] = nil
            capacities[i] = 0
            var p: UnsafeMutableRawPointer?
            // Grow by a quarter more than asked, so that a slightly larger plan does not reallocate.
            let size = Swift.max(64, bytes + bytes / 4)
            guard posix_memalign(&p, 64, size) == 0, let p else { return nil }
            buffers[i] = p
            capacities[i] = size
        }
        return buffers[i]
    }

    /// Frees the buffers (the next plan to run grows them again): the engine calls it once a
    /// take's denoising is done, as the vocoder's plans need far less.
    func release() {
        lock.lock(); defer { lock.unlock() }
        for i in buffers.indices {
            free(buffers[i])
            buffers[i] = nil
            capacities[i] = 0
        }
    }
}
