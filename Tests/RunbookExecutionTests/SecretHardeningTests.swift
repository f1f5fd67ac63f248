import Foundation
import Testing

@testable import RunbookExecution

@Suite struct SecretHardeningTests {
    @Test func aMultiLineSecretIsRedactedInTheTerminalsCRLFForm() {
        let redactor = Redactor(secrets: ["KEY": "line one\nline two\nline three"])
        #expect(redactor.redact("key: line one\r\nline two\r\nline three\r\n") == "key: [secret:KEY]\r\n")
        #expect(redactor.redact("key: line one\nline two\nline three") == "key: [secret:KEY]")
        #expect(redactor.names == ["KEY"])
    }

    @Test func theSessionFileIsOwnerOnlyAndAbandonedOnesAreRemoved() throws {
        let base = NSTemporaryDirectory() + "sessions-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        // A directory left by a runner killed with kill -9: its process is gone.
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        let abandoned = base + "/runbook-abcdef"
        try FileManager.default.createDirectory(atPath: abandoned, withIntermediateDirectories: false)
        try "declare -x TOKEN=secret\n".write(toFile: abandoned + "/session", atomically: false, encoding: .utf8)
        try "\(dead.processIdentifier)\n".write(toFile: abandoned + "/runner", atomically: false, encoding: .utf8)
        // One whose runner is alive (this process) stays.
        let alive = base + "/runbook-ghijkl"
        try FileManager.default.createDirectory(atPath: alive, withIntermediateDirectories: false)
        try "\(getpid())\n".write(toFile: alive + "/runner", atomically: false, encoding: .utf8)

        var options = EngineOptions(mode: .auto, toolVersion: "test")
        options.temporaryDirectory = base
        let created = try SessionDirectory.create(options)
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: alive))
        var info = stat()
        #expect(stat(created + "/session", &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(created, &info) == 0 && info.st_mode & 0o777 == 0o700)
    }
}
