import Foundation
import RunbookTestSupport
import Testing

/// The rescue binary `scripts/release.sh` builds must run on a host with nothing but glibc and
/// the C++ runtime: no Swift toolchain, no cmark-gfm, no SQLite, no OpenSSL beside it.
@Suite("Rescue binary")
struct RescueBinaryTests {
    /// The binary under test; the release build takes minutes, so the suite runs only when
    /// someone built one and names it. CI builds one (`.ci/run`): there (`CI=true`) a missing
    /// binary fails the suite instead of skipping it.
    static let binary: String? = ProcessInfo.processInfo.environment["RUNBOOK_RESCUE_BINARY"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static let runs = binary != nil || ProcessInfo.processInfo.environment["CI"] == "true"
    static let binaryMissing = Comment(
        rawValue:
            "RUNBOOK_RESCUE_BINARY is unset: build the rescue binary with scripts/release.sh and set it to the binary's path"
    )

    /// The shared libraries a rescue binary may need: glibc's (libc, libm, the loader, the
    /// kernel's vDSO) and the C++ runtime every Linux host ships.
    static let allowedLibraries = ["linux-vdso.so", "libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "ld-linux"]

    @Test(
        "a copy of the rescue binary alone in an empty directory runs the backup drill",
        .enabled(if: runs, binaryMissing))
    func runsFromAnEmptyDirectory() throws {
        let scratch = try Scratch()
        let copy = scratch.directory + "/runbook"
        try FileManager.default.copyItem(atPath: try #require(Self.binary, Self.binaryMissing), toPath: copy)
        let drill = scratch.directory + "/backup-drill.md"
        try FileManager.default.copyItem(
            atPath: CLISandbox.repositoryPath("runbooks/examples/backup-drill.md"), toPath: drill)
        let home = scratch.directory + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)

        // Only what a bare host has: no toolchain on PATH, no library path, a fresh HOME.
        let environment = ["HOME": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TMPDIR": scratch.directory]
        let run = try ProgramRun.run(
            copy, ["run", "--auto", "--yes", "backup-drill.md"], directory: scratch.directory,
            environment: environment)
        #expect(run.status == 0 && !run.timedOut, "\(run.stdoutText)\n\(run.stderrText)")
        #expect(
            FileManager.default.fileExists(atPath: home + "/.local/share/runbook/records.sqlite"),
            "the run is recorded under the fresh HOME")
    }

    @Test(
        "ldd lists only glibc, libstdc++, libm and libgcc_s for the rescue binary",
        .enabled(if: runs, binaryMissing))
    func needsOnlyTheBaseLibraries() throws {
        let ldd = try #require(InstalledTools.onPath(["ldd"]), "ldd comes with glibc (libc-bin)")
        let run = try ProgramRun.run(ldd, [try #require(Self.binary, Self.binaryMissing)])
        #expect(run.status == 0, "\(run.stderrText)")
        let libraries = run.stdoutText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!libraries.isEmpty)
        let unexpected = libraries.filter { line in !Self.allowedLibraries.contains { line.contains($0) } }
        #expect(unexpected.isEmpty, "libraries beyond the base system: \(unexpected)")
    }

    /// A temporary directory removed when the test ends.
    final class Scratch {
        let directory: String

        init() throws {
            directory = (NSTemporaryDirectory() as NSString).appendingPathComponent(
                "runbook-rescue-" + UUID().uuidString)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: directory) }
    }
}
