// swift-tools-version:6.0
import PackageDescription

// Layers point one way: Bytes <- Document <- Parsing <- Lint; Document <- Records <- Execution;
// Records <- Export. RunbookKit holds the use cases the CLI calls (load a runbook or a run,
// plan a resume, the catalog, tests, schedules) and re-exports every layer. Keeping each layer
// its own target lets the compiler enforce the direction described in DESIGN.md.

// Generic types' metadata through the accessor functions the compiler emits, instead of by
// demangling their names at run time: each demangled name with a conformance requirement has
// the runtime scan every conformance record of the static binary, a cost every command paid
// at start (CHANGELOG).
let directMetadata: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "runbook", targets: ["runbook"]),
        .library(name: "RunbookKit", targets: ["RunbookKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Content hashes: OpenSSL's SHA-256 uses the CPU's SHA instructions, where a portable
        // implementation made hashing a large part of a corpus parse (CHANGELOG).
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // The byte and JSON toolkit every layer writes and scans with: JSON writing and
        // escaping, decimal numbers, writing everything to a descriptor, ASCII names,
        // word-at-a-time scanning, flat-JSON reading. Below the model: it knows no runbook.
        .target(name: "RunbookBytes", swiftSettings: directMetadata),
        // Starting children with posix_spawn: signals reset, descriptors not inherited.
        .target(name: "RunbookSpawn", swiftSettings: directMetadata),
        .target(name: "RunbookDocument", dependencies: ["RunbookBytes"], swiftSettings: directMetadata),
        .target(
            name: "RunbookParsing",
            dependencies: [
                "RunbookBytes", "RunbookDocument", "CCmarkGFM", "CCrypto", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: directMetadata
        ),
        .target(
            name: "RunbookLint",
            dependencies: [
                "RunbookBytes", "RunbookDocument", "RunbookParsing", "RunbookSpawn",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: directMetadata
        ),
        .target(
            name: "RunbookRecords",
            // GRDBSQLite: the SQLite C API, for reading columns' bytes where a records command
            // reads thousands of rows (RecordStore+Queries, SQLiteRow).
            dependencies: [
                "RunbookBytes", "RunbookDocument", "CCrypto", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: directMetadata
        ),
        .target(
            name: "RunbookExecution",
            dependencies: ["RunbookBytes", "RunbookDocument", "RunbookRecords", "RunbookSpawn"],
            swiftSettings: directMetadata
        ),
        .target(
            name: "RunbookExport",
            dependencies: ["RunbookBytes", "RunbookDocument", "RunbookRecords"],
            swiftSettings: directMetadata
        ),
        .target(
            name: "RunbookKit",
            dependencies: [
                "RunbookBytes", "RunbookDocument", "RunbookParsing", "RunbookLint", "RunbookRecords",
                "RunbookExecution", "RunbookExport",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: directMetadata
        ),
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookBytes", "RunbookKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: directMetadata,
            // lld links the 100 MB static release binary (README: --static-swift-stdlib) in a
            // fraction of gold's time, and does not repeat glibc's link-time notice about the
            // mktemp that Foundation's static archive references but runbook never calls.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"], .when(platforms: [.linux]))]
        ),
        // What the tests share: running a child with a deadline, finding the built binary and the
        // tools some tests drive, comparing JSON with its types kept.
        .target(name: "RunbookTestSupport", dependencies: ["RunbookSpawn"], path: "Tests/RunbookTestSupport"),
        .testTarget(name: "RunbookBytesTests", dependencies: ["RunbookBytes"]),
        .testTarget(name: "RunbookDocumentTests", dependencies: ["RunbookBytes", "RunbookDocument"]),
        .testTarget(
            name: "RunbookParsingTests",
            dependencies: ["RunbookBytes", "RunbookParsing", "RunbookTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RunbookRecordsTests",
            dependencies: [
                "RunbookBytes", "RunbookRecords", "RunbookTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "RunbookExecutionTests", dependencies: ["RunbookExecution", "RunbookParsing", "RunbookSpawn"]),
        .testTarget(name: "runbookCLITests", dependencies: ["RunbookKit", "RunbookSpawn", "RunbookTestSupport"]),
        .testTarget(name: "RunbookKitTests", dependencies: ["RunbookKit"]),
        .testTarget(
            name: "RunbookExportTests",
            dependencies: [
                "RunbookExport", "RunbookExecution", "RunbookParsing", "RunbookRecords", "RunbookTestSupport",
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "RunbookLintTests", dependencies: ["RunbookLint", "RunbookParsing", "RunbookTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
