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
        .systemLibrary(
            name: "CMicroHTTPD", pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "ParleyCore"),
        .target(name: "ParleyHTTP", dependencies: ["CMicroHTTPD"]),
        .target(name: "ParleyStore", dependencies: ["ParleyCore", "CSQLite"]),
        .target(name: "ParleyCrypto", dependencies: ["CSodium", "ParleyCore"]),
        .target(name: "ParleyChannels", dependencies: ["ParleyCore", "ParleyCrypto", "CCurl"]),
        .target(name: "ParleyWeb", dependencies: ["ParleyCore", "ParleyStore", "ParleyCrypto", "ParleyHTTP", "ParleyChannels"]),
        .target(name: "ParleyApp", dependencies: ["ParleyCore", "ParleyStore", "ParleyCrypto", "ParleyHTTP", "ParleyWeb", "ParleyChannels"]),
        .executableTarget(name: "parley", dependencies: ["ParleyApp"]),
        .executableTarget(name: "parley-bench", dependencies: ["ParleyApp", "ParleyStore", "ParleyCore", "ParleyCrypto", "ParleyHTTP", "ParleyWeb", "ParleyChannels"]),
        .testTarget(name: "ParleyCoreTests", dependencies: ["ParleyCore", "ParleyStore"]),
        .testTarget(name: "ParleyStoreTests", dependencies: ["ParleyStore", "ParleyCore", "ParleyCrypto"]),
        .testTarget(name: "ParleyCryptoTests", dependencies: ["ParleyCrypto"]),
        // Helpers shared by the test targets (a raw socket client for live-server tests); never shipped.
        .target(name: "ParleyTestSupport", dependencies: ["ParleyHTTP"], path: "Tests/ParleyTestSupport"),
        .testTarget(name: "ParleyHTTPTests", dependencies: ["ParleyHTTP", "ParleyTestSupport"]),
        .testTarget(name: "ParleyChannelsTests", dependencies: ["ParleyChannels", "ParleyCore", "ParleyCrypto", "ParleyHTTP"],
                    exclude: ["smtp_sink.py"]),
        .testTarget(name: "ParleyWebTests", dependencies: ["ParleyWeb", "ParleyApp", "ParleyHTTP", "ParleyStore", "ParleyCore", "ParleyCrypto", "ParleyChannels", "ParleyTestSupport"]),
        .testTarget(name: "ParleyAppTests", dependencies: ["ParleyApp", "ParleyStore", "ParleyCore", "ParleyCrypto", "ParleyChannels", "ParleyHTTP"]),
    ],
    swiftLanguageModes: [.v6]
)
