import Foundation
import RunbookRecords
import Testing

@testable import RunbookExecution

@Suite struct ProcessRunnerTests {
    @Test func timeoutKillsTheWholeGroupAndLeavesNoOrphans() throws {
        let runner = ProcessRunner()
        let spec = ProcessSpec(
            executable: "bash", arguments: ["bash", "-c", "sleep 300 & trap '' TERM; sleep 300"],
            environment: ProcessInfo.processInfo.environment, timeout: 0.5, killGrace: 0.5)
        let started = Date()
        let outcome = try runner.run(spec) { _, _ in }
        #expect(outcome.timedOut)
        #expect(outcome.exitCode == nil)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(ProcessGroup.liveMembers(outcome.pid).isEmpty)
    }

    @Test func keepsStdoutAndStderrApart() throws {
        var streams: [OutputStreamKind: String] = [:]
        let outcome = try ProcessRunner().run(
            ProcessSpec(
                executable: "bash", arguments: ["bash", "-c", "echo out; echo err >&2; exit 7"], environment: [:])
        ) { stream, bytes in streams[stream, default: ""] += String(decoding: bytes, as: UTF8.self) }
        #expect(outcome.exitCode == 7)
        #expect(streams == [.stdout: "out\n", .stderr: "err\n"])
    }

    @Test func stepRunsInItsOwnProcessGroup() throws {
        var text = ""
        let outcome = try ProcessRunner().run(
            ProcessSpec(
                executable: "bash", arguments: ["bash", "-c", "ps -o pgid= -p $$"],
                environment: ProcessInfo.processInfo.environment)
        ) { _, bytes in text += String(decoding: bytes, as: UTF8.self) }
        #expect(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) == outcome.pid)
        #expect(getpgrp() != outcome.pid)
    }

    @Test func missingShellIsAStartError() {
        #expect(throws: ProcessStartError.self) {
            try ProcessRunner().run(ProcessSpec(executable: "no-such-shell-xyz", arguments: ["x"], environment: [:])) {
                _, _ in
            }
        }
    }
}
