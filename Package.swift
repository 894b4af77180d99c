// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .executable(name: "parley-bench", targets: ["parley-bench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CSodium", pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]),
        .target(name: "ParleyCore"),
        .target(name: "ParleyStore", dependencies: ["ParleyCore", "CSQLite"]),
        .target(name: "ParleyApp", dependencies: ["ParleyCore", "ParleyStore", "CSodium"]),
        .executableTarget(name: "parley", dependencies: ["ParleyApp"]),
        .executableTarget(name: "parley-bench", dependencies: ["ParleyApp", "ParleyStore", "ParleyCore"]),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore"]),
        .testTarget(name: "ParleyStoreTests", dependencies: ["ParleyStore", "ParleyCore"]),
        .testTarget(name: "ParleyAppTests", dependencies: ["ParleyApp", "ParleyStore", "ParleyCore"]),
    ],
    swiftLanguageModes: [.v6]
)
