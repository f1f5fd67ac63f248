import Foundation
import Testing

/// Inputs a careless or hostile author can write, through the built binary: each one once
/// crashed the tool (SIGILL, no message), hung it or made it allocate gigabytes.
@Suite("Hostile runbooks and records never crash, hang or exhaust memory")
struct HostileInputTests {
    /// `run` with a deadline: a hang is a failure, not a stuck test run.
    static func run(
        _ sandbox: CLISandbox, _ arguments: [String], withRecords: Bool = true, seconds: Double = 20,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> CLISandbox.Result? {
        let result = try sandbox.run(
            arguments, withRecords: withRecords, timeout: seconds, sourceLocation: sourceLocation)
        return result.timedOut ? nil : result
    }

    @Test("a timeout of 10^20 hours is shown and planned, not an integer overflow")
    func hugeTimeout() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            # Long wait

            ```bash {id=wait timeout=99999999999999999999h}
            echo waiting
            ```
            """)
        let show = try #require(try Self.run(sandbox, ["show", "book.md"], withRecords: false))
        #expect(!show.signaled && show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("wait"))
        let dry = try #require(try Self.run(sandbox, ["run", "--dry-run", "book.md"]))
        #expect(!dry.signaled && dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("wait"))
    }

    @Test("an imported duration of 1e300 seconds does not crash log, stats or export")
    func hugeImportedDuration() throws {
        let sandbox = try CLISandbox()
        var text = try String(contentsOfFile: RecordsCommandTests.golden, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"durationSeconds\":0.25", with: "\"durationSeconds\":1e300")
        try sandbox.write("huge.json", text)
        let imported = try #require(try Self.run(sandbox, ["import", "huge.json"]))
        #expect(!imported.signaled, "\(imported.stderr)")
        // Either refused as insane or clamped; never a crash afterwards.
        if imported.status == 0 {
            for arguments in [
                ["log", "01hfx0ab"], ["stats"], ["export", "01hfx0ab", "--format", "md"],
                ["export", "01hfx0ab", "--format", "html"], ["history"],
            ] {
                let result = try #require(try Self.run(sandbox, arguments))
                #expect(!result.signaled && result.status == 0, "\(arguments): \(result.stderr)")
            }
        } else {
            #expect(imported.stderr.contains("durationSeconds"), "\(imported.stderr)")
        }
    }

    @Test("a directory holding a link to /dev/zero, a FIFO and a socket: a diagnostic each, no hang")
    func specialFiles() throws {
        let sandbox = try CLISandbox()
        let directory = sandbox.directory + "/docs"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "# Fine\n\n```bash {id=ok}\necho ok\n```\n".write(
            toFile: directory + "/fine.md", atomically: true, encoding: .utf8)
        #expect(symlink("/dev/zero", directory + "/zero.md") == 0)
        #expect(mkfifo(directory + "/fifo.md", 0o600) == 0)
        let socketPath = directory + "/socket.md"
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes)
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)

        for command in ["show", "list", "lint"] {
            let result = try #require(try Self.run(sandbox, [command, "docs"], withRecords: false), "\(command) hung")
            #expect(!result.signaled, "\(command): \(result.stderr)")
            let output = result.stdout + result.stderr
            for name in ["zero.md", "fifo.md", "socket.md"] {
                #expect(output.contains(name) && output.contains("not a regular file"), "\(command) \(name): \(output)")
            }
        }
    }

    @Test("run and run --dry-run of a FIFO: an error, not a read that never returns")
    func runFIFO() throws {
        let sandbox = try CLISandbox()
        #expect(mkfifo(sandbox.directory + "/fifo.md", 0o600) == 0)
        for arguments in [["run", "--auto", "fifo.md"], ["run", "--dry-run", "fifo.md"]] {
            let result = try #require(try Self.run(sandbox, arguments), "\(arguments) hung")
            #expect(result.status == 2 && result.stderr.contains("not a regular file"), "\(result.stderr)")
        }
    }

    @Test("a runbook over 64 MB is refused with a clear error")
    func oversizedFile() throws {
        let sandbox = try CLISandbox()
        let path = sandbox.directory + "/big.md"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("# Big\n".utf8)))
        #expect(truncate(path, 65 * 1024 * 1024) == 0) // sparse: no disk used
        let result = try #require(try Self.run(sandbox, ["show", "big.md"], withRecords: false))
        #expect(!result.signaled && result.status != 0)
        #expect(result.stderr.contains("big.md") && result.stderr.contains("64 MB"), "\(result.stderr)")
    }

    @Test("an invalid variable pattern is a diagnostic with file:line when the runbook is read")
    func invalidPattern() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: bad-pattern
            variables:
              POOL: { default: tank, pattern: '^[a-z+$' }
            ---
            # Bad pattern

            ```bash {id=ok}
            echo "$POOL"
            ```
            """)
        let show = try #require(try Self.run(sandbox, ["show", "book.md"], withRecords: false))
        #expect(show.status != 0 && !show.signaled)
        #expect(show.stderr.contains("book.md:4") && show.stderr.contains("pattern"), "\(show.stderr)")
    }

    @Test("a pathological pattern cannot stall a run: (a+)+$ against 21 characters answers at once")
    func pathologicalPattern() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: slow-pattern
            variables:
              NAME: { pattern: '(a+)+$' }
            ---
            # Slow pattern

            ```bash {id=ok}
            echo "$NAME"
            ```
            """)
        let started = Date()
        let result = try #require(
            try Self.run(sandbox, ["run", "--auto", "--var", "NAME=aaaaaaaaaaaaaaaaaaaaa!", "book.md"], seconds: 30))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.status != 0 && result.stderr.contains("does not match"), "\(result.stderr)")
    }

    /// Foundation's `deletingLastPathComponent` traps on a path whose only component is one
    /// character (`x`, `.`, `x/`): `lint x` and a records file named `q` crashed the tool.
    @Test("one-character names for a runbook, a records file and a directory: no crash")
    func oneCharacterPaths() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "x",
            """
            # One letter

            ```bash {id=hello}
            echo hello
            ```
            """)
        for arguments in [["lint", "x"], ["lint", "--shellcheck", "off", "x"], ["show", "x"], ["lint", "x/"]] {
            let result = try #require(try Self.run(sandbox, arguments, withRecords: false))
            #expect(!result.signaled, "\(arguments): \(result.stderr)")
        }
        let lint = try #require(try Self.run(sandbox, ["lint", "--shellcheck", "off", "x"], withRecords: false))
        // Linted like any runbook: its findings name the file, and the report counts it.
        #expect(lint.stdout.contains("x:1:1: warning:") && lint.stdout.contains("of 1 file"), "\(lint.stdout)")
        let run = try #require(
            try Self.run(sandbox, ["run", "--auto", "--yes", "--records", "q", "x"], withRecords: false))
        #expect(!run.signaled && run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("hello"))
        let history = try #require(try Self.run(sandbox, ["history", "--records", "q"], withRecords: false))
        #expect(!history.signaled && history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("One letter"), "\(history.stdout)")
    }
}
