// swift-tools-version:6.0
import PackageDescription

// System libraries are linked through `.systemLibrary` targets whose shim.h wraps what Swift
// cannot import directly (ncurses macros and globals, variadic printw).
let package = Package(
    name: "CLIPSonicStudio",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clipsonic", targets: ["clipsonic"]),
        .library(name: "Models", targets: ["Models"]),
        .library(name: "Engine", targets: ["Engine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // oneDNN: the convolution kernels; links GCC's OpenMP runtime, whose team the engine shares.
        .systemLibrary(name: "CDNNL", providers: [.apt(["libdnnl-dev"])]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa",
                       providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile",
                       providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CImageCodecs",
                       providers: [.apt(["libpng-dev", "libjpeg62-turbo-dev"])]),

        // The exp-bound elementwise kernels, in C so that they vectorise (compiled per ISA, picked at start).
        .target(name: "CKernels"),
        // The project's one JSON stack (parser, Decodable/Encodable bridges, writer); Models re-exports it.
        .target(name: "JSONCoding", path: "Sources/JSON"),
        .target(name: "Models", dependencies: ["JSONCoding", "COpenBLAS", "CDNNL", "CKernels", "CImageCodecs"]),
        .target(name: "Engine", dependencies: ["Models"]),
        .target(name: "Playback", dependencies: ["Engine", "CALSA", "CSndfile"]),
        .target(name: "Session", dependencies: ["Engine", "Playback"]),
        .target(name: "StudioTUI", dependencies: ["Engine", "Playback", "Session", "CNcursesw"]),
        .executableTarget(name: "clipsonic", dependencies: [
            "StudioTUI", "Engine", "Models", "Playback", "Session",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "clipsonic-bench", dependencies: ["Models", "Engine", "Session", "COpenBLAS"],
                          path: "bench/Sources/clipsonic-bench"),

        // FIFO helpers for the tests that check only regular files are read.
        .target(name: "FileTestSupport", path: "Tests/FileTestSupport"),
        .testTarget(name: "JSONCodingTests", dependencies: ["JSONCoding"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "FileTestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Models"]),
        .testTarget(name: "PlaybackTests", dependencies: ["Playback", "FileTestSupport"]),
        .testTarget(name: "SessionTests", dependencies: ["Session", "Playback", "FileTestSupport"]),
        .testTarget(name: "StudioTUITests", dependencies: ["StudioTUI", "FileTestSupport"]),
        // Runs the built `clipsonic` binary, as a user would; the dependency makes SwiftPM build it first.
        .testTarget(name: "CLITests", dependencies: ["clipsonic", "Playback", "Engine", "Models"]),
    ],
    swiftLanguageModes: [.v6]
)
