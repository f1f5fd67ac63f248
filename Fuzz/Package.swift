// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets, a package of their own so that `swift build` and `swift test` of runbook
// never see them: they link only with `-sanitize=fuzzer`, which scripts/fuzz.sh passes
// (DESIGN.md, "Verified"). Each target's entry point is `<Target>_main`, which SwiftPM links as
// `main` and which hands over to libFuzzer's `LLVMFuzzerRunDriver`.
let package = Package(
    name: "runbook-fuzz",
    dependencies: [.package(name: "runbook", path: "..")],
    targets: [
        .executableTarget(name: "FuzzParser", dependencies: [.product(name: "RunbookKit", package: "runbook")]),
        .executableTarget(name: "FuzzImport", dependencies: [.product(name: "RunbookKit", package: "runbook")]),
        .executableTarget(name: "FuzzMatcher", dependencies: [.product(name: "RunbookKit", package: "runbook")]),
    ],
    swiftLanguageModes: [.v6]
)
