import Foundation
import RunbookDocument

@testable import RunbookParsing

/// Where test fixtures and the shared corpus live, found from this file so tests do not depend
/// on the working directory.
enum FixtureSupport {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/corpus` beside the clone, or `RUNBOOK_CORPUS`.
    static var corpus: URL {
        if let override = ProcessInfo.processInfo.environment["RUNBOOK_CORPUS"] {
            return URL(fileURLWithPath: override)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }

    static var corpusExists: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    /// Parses a fixture with a path relative to the fixtures folder, so golden files do not
    /// depend on where the repository is checked out.
    static func fixture(_ name: String) throws -> Runbook {
        let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(name)))
        return RunbookParser().parse(bytes: bytes, path: name)
    }

    static func parse(_ text: String, path: String = "test.md") -> Runbook {
        RunbookParser().parse(text: text, path: path)
    }
}
