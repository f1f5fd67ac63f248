import Foundation

/// Where `swift build` put the `runbook` executable these tests run end to end.
public enum BuiltProducts {
    /// `RUNBOOK_BINARY` when set; else the `runbook` beside the running test bundle (the
    /// products directory of whichever configuration and triple built the tests); else what
    /// `swift build --show-bin-path` names.
    public static let runbook: String = {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["RUNBOOK_BINARY"], !override.isEmpty { return override }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        // On Linux the test runner sits in the products directory; on macOS inside an .xctest bundle.
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("runbook").path
            if FileManager.default.isExecutableFile(atPath: candidate) && !isDirectory(candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let shown = try? ProgramRun.run(
            "/usr/bin/env", ["swift", "build", "--show-bin-path"], directory: packageRoot.path, timeout: 120)
        let binPath = shown?.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return URL(fileURLWithPath: binPath.isEmpty ? packageRoot.path + "/.build/debug" : binPath)
            .appendingPathComponent("runbook").path
    }()

    /// The package's root directory, for repository files the tests read (never write).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}
