import Foundation

/// An opened bundle folder: its validated bundle.json and, opened on first use, one
/// memory-mapped safetensors file per network.
///
/// Opening checks that every file bundle.json names is present, so that a bundle copied in part
/// fails at once rather than minutes into a generation.
public final class ModelBundle: @unchecked Sendable {
    public let url: URL
    public let manifest: BundleManifest
    /// How errors name the bundle: the folder path as given.
    public let displayName: String

    /// bundle.json holds configs and file names, a few KB; anything this big is not one.
    public static let maximumManifestSize = 16 << 20

    private let lock = NSLock()
    private var opened: [BundleComponentKind: SafeTensors] = [:]

    private init(url: URL, manifest: BundleManifest) {
        self.url = url
        self.manifest = manifest
        displayName = url.path
    }

    /// Reads and validates `bundle.json` in the folder `url` and checks the files it names.
    public static func open(at url: URL) throws(WeightsError) -> ModelBundle {
        let manifestURL = url.appendingPathComponent("bundle.json")
        let data: Data
        do {
            data = try RegularFile.contents(manifestURL.path, limit: maximumManifestSize)
        } catch where error.code == ENOENT {
            let reason = FileManager.default.fileExists(atPath: url.path)
                ? "no bundle.json in the folder; is this a bundle folder?"
                : "no such folder"
            throw .unreadable(file: manifestURL.path, reason: reason)
        } catch {
            throw .unreadable(file: manifestURL.path, reason: error.reason)
        }
        let manifest = try BundleManifest.parse(data: data, source: manifestURL.path)
        let bundle = ModelBundle(url: url, manifest: manifest)
        for (kind, component) in manifest.components {
            for (_, name) in component.files {
                var isDirectory: ObjCBool = false
                let path = bundle.fileURL(name).path
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                    throw .missingBundleFile(bundle: bundle.displayName, component: kind.rawValue, file: name)
                }
            }
        }
        return bundle
    }

    /// A file of the bundle, by its name in bundle.json.
    public func fileURL(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// The weights of `kind`, mapped on first use and kept open for the bundle's lifetime.
    public func weights(_ kind: BundleComponentKind) throws(WeightsError) -> SafeTensors {
        guard let component = manifest.component(kind) else {
            throw .invalidManifest(file: fileURL("bundle.json").path, path: kind.rawValue,
                                   detail: "missing section; this bundle has no \(kind.rawValue)")
        }
        guard let name = component.weights else {
            throw .invalidManifest(file: fileURL("bundle.json").path, path: "\(kind.rawValue).weights",
                                   detail: "missing field")
        }
        lock.lock()
        defer { lock.unlock() }
        if let open = opened[kind] { return open }
        let tensors = try SafeTensors(contentsOf: fileURL(name))
        opened[kind] = tensors
        return tensors
    }

    /// Releases the resident pages of every weights file opened so far
    /// (`SafeTensorsBytes.releaseResidentPages`): called once the networks are built.
    public func releaseResidentPages() {
        lock.lock()
        let files = Array(opened.values)
        lock.unlock()
        for file in files { file.bytes.releaseResidentPages() }
    }

    /// A strict binder over the weights of `kind`; call `finish()` after building the network.
    public func binder(_ kind: BundleComponentKind) throws(WeightsError) -> WeightBinder {
        WeightBinder(try weights(kind))
    }
}
