import Foundation
import Models

/// The bundle's content hash, computed on the first take and kept: hashing reads every weight
/// byte, which is cheap once and wasteful per take. With a store, kept between runs too.
final class BundleHashCache: @unchecked Sendable {
    private let lock = NSLock()
    private var hash: String??
    private let store: BundleHashStore?

    init(store: BundleHashStore?) { self.store = store }

    func hash(of bundle: ModelBundle) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let hash { return hash }
        // An unreadable file would have failed the load; if one vanished since, the recipe says
        // nothing about the weights rather than failing a finished take.
        let computed = store.map { $0.hash(of: bundle) } ?? (try? bundle.contentHash())
        hash = .some(computed)
        return computed
    }
}
