// swift-tools-version:6.0
import PackageDescription

// Layers point one way: tcpscope -> Terminal -> Screen -> Inspector -> TcpModel.
// Only Terminal (and its C shims) knows curses; only TcpModel makes socket calls.
let package = Package(
    name: "tcpscope",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TcpModel", targets: ["TcpModel"]),
        .executable(name: "tcpscope", targets: ["tcpscope"]),
    ],
    // Exact versions, and Package.resolved committed beside them: an application pins what
    // it was tested with, down to the revision.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-system", exact: "1.8.1"),
    ],
    targets: [
        // C shims: what Swift cannot import (curses macros) or glibc hides (_GNU_SOURCE).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "CCurses", dependencies: ["CNcursesw"]),
        .target(name: "CSocket"),
        // The system's OpenSSL 3 (libssl-dev), and the macros and BIO it needs in C.
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .target(name: "CTls", dependencies: ["COpenSSL"]),

        // The socket layer: a faithful rendering of Rust's std::net on Linux.
        .target(name: "TcpModel", dependencies: ["CSocket"]),

        // TLS over a TcpModel stream's own socket: handshake, plaintext reads and writes that
        // never block, the handshake's facts, and the record-header decoder.
        .target(name: "TlsLayer", dependencies: ["TcpModel", "COpenSSL", "CTls"]),

        // The application model: session, poller, capture, command language, headless runs.
        .target(
            name: "Inspector",
            dependencies: [
                "TcpModel", "TlsLayer", "CSocket",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The view as a pure function onto a Canvas; no curses, no sockets.
        .target(name: "Screen", dependencies: ["Inspector"]),

        // The only module that calls curses.
        .target(name: "Terminal", dependencies: ["Screen", "Inspector", "CCurses", "CNcursesw"]),

        .executableTarget(
            name: "tcpscope",
            dependencies: [
                "Terminal", "Inspector", "Screen", "TcpModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The benchmark driver, the Swift-only sinks it measures and the in-process render and
        // present probes (scripts/bench runs it).
        .executableTarget(
            name: "Benchmarks",
            dependencies: ["TcpModel", "Inspector", "Screen", "Terminal", "TestHarness"],
            path: "Benchmarks/Swift"
        ),

        // What the tests and the benchmarks share: child processes, tmux sessions, text files,
        // stderr, waits with deadlines. Glibc only (no Foundation), so the benchmark's own
        // processes stay as lean as what they measure.
        .target(name: "TestHarness", path: "Tests/TestHarness"),
        // Peers and waits the test targets share.
        .target(name: "TestSupport", dependencies: ["TcpModel", "TestHarness"], path: "Tests/TestSupport"),
        .testTarget(name: "TcpModelTests", dependencies: ["TcpModel", "TestSupport"]),
        .testTarget(name: "TlsLayerTests", dependencies: ["TlsLayer", "TcpModel", "TestSupport"]),
        .testTarget(name: "InspectorTests", dependencies: ["Inspector", "TestSupport"]),
        // Views and keys over snapshots built by hand (SnapshotFixture): no sockets, no session.
        .testTarget(name: "ScreenTests", dependencies: ["Screen", "Inspector", "TcpModel", "TlsLayer", "CSocket"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TcpModel", "TestSupport"]),
        .testTarget(name: "FaultTests", dependencies: ["Inspector", "TcpModel", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
