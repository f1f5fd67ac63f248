import Foundation
import RunbookParsing
import Testing

@testable import RunbookLint

/// shellcheck's findings come from the cache when nothing that produced them changed. A fake
/// shellcheck counts its runs and reports one finding on the line with `rm`.
@Suite struct ShellcheckCacheTests {
    static let fakeShellcheck = """
        #!/bin/sh
        if [ "$1" = --version ]; then echo "ShellCheck - fake"; echo "version: 0.0.1"; exit 0; fi
        echo run >> "$(dirname "$0")/runs"
        for file; do :; done
        line=$(grep -n rm "$file" | head -n 1 | cut -d: -f1)
        if [ -n "$line" ]; then
          printf '[{"file":"%s","line":%s,"endLine":%s,"column":1,"endColumn":3,"level":"warning","code":2115,"message":"fake finding"}]' "$file" "$line" "$line"
        else
          printf '[]'
        fi
        """

    struct Setup {
        let directory: TemporaryDirectory
        let shellcheck: String
        let cache: ShellcheckCache
        var runs: Int {
            (try? String(contentsOfFile: directory.path + "/bin/runs", encoding: .utf8))?.split(separator: "\n").count
                ?? 0
        }

        init() throws {
            directory = TemporaryDirectory()
            try FileManager.default.createDirectory(atPath: directory.path + "/bin", withIntermediateDirectories: true)
            shellcheck = directory.path + "/bin/shellcheck"
            try Setup.writeExecutable(ShellcheckCacheTests.fakeShellcheck, to: shellcheck)
            // Tests run in parallel threads: a child another test forks before it execs holds
            // a copy of every descriptor, so running a script just written can fail with
            // ETXTBSY for a moment. The script is written close-on-exec and asked again then.
            var found: ShellcheckCache?
            for _ in 0..<20 {
                found = ShellcheckCache.standard(
                    for: shellcheck, environment: ["XDG_CACHE_HOME": directory.path + "/cache"])
                if found != nil { break }
                usleep(50_000)
            }
            cache = try #require(found)
        }

        static func writeExecutable(_ text: String, to path: String) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            defer { close(descriptor) }
            let bytes = Array(text.utf8)
            guard bytes.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
                throw CocoaError(.fileWriteUnknown)
            }
        }

        func lint(_ text: String, cached: Bool = true) -> [Finding] {
            let runbook = RunbookParser().parse(text: text, path: "example.md")
            var configuration = LintConfiguration.standard
            configuration.disabled = Set(RuleRegistry.standard.descriptions.map(\.id)).subtracting(["RB023"])
            return Linter(shellcheckPath: shellcheck, shellcheckCache: cached ? cache : nil).lint(
                runbook, configuration: configuration)
        }
    }

    static let book = "# T\n\n```bash\necho start\nrm -r \"$HOME/old\"\n```\n"

    @Test func aWarmRunReadsTheCache() throws {
        let setup = try Setup()
        let cold = setup.lint(ShellcheckCacheTests.book)
        #expect(setup.runs == 1)
        #expect(positions(cold, "RB023") == ["5:1"])
        let warm = setup.lint(ShellcheckCacheTests.book)
        #expect(setup.runs == 1)
        #expect(warm == cold)
        #expect(setup.cache.directory == setup.directory.path + "/cache/runbook/shellcheck")
    }

    @Test func changedContentIsAMiss() throws {
        let setup = try Setup()
        _ = setup.lint(ShellcheckCacheTests.book)
        let changed = setup.lint(
            ShellcheckCacheTests.book.replacingOccurrences(of: "echo start", with: "echo begin\necho more"))
        #expect(setup.runs == 2)
        #expect(positions(changed, "RB023") == ["6:1"])
    }

    @Test func anotherShellcheckVersionIsAMiss() throws {
        let setup = try Setup()
        _ = setup.lint(ShellcheckCacheTests.book)
        let other = ShellcheckCache(directory: setup.cache.directory, toolVersion: "version: 0.0.2")
        let runbook = RunbookParser().parse(text: ShellcheckCacheTests.book, path: "example.md")
        _ = Linter(shellcheckPath: setup.shellcheck, shellcheckCache: other).lint(runbook)
        #expect(setup.runs == 2)
    }

    @Test func withoutTheCacheShellcheckRunsEveryTime() throws {
        let setup = try Setup()
        _ = setup.lint(ShellcheckCacheTests.book, cached: false)
        _ = setup.lint(ShellcheckCacheTests.book, cached: false)
        #expect(setup.runs == 2)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: setup.cache.directory)) == nil)
    }

    @Test func aCorruptEntryIsIgnoredAndRewritten() throws {
        let setup = try Setup()
        let cold = setup.lint(ShellcheckCacheTests.book)
        let entries = try FileManager.default.contentsOfDirectory(atPath: setup.cache.directory)
        #expect(entries.count == 1)
        for entry in entries {
            try "{not json".write(toFile: setup.cache.directory + "/" + entry, atomically: true, encoding: .utf8)
        }
        let again = setup.lint(ShellcheckCacheTests.book)
        #expect(setup.runs == 2)
        #expect(again == cold)
        _ = setup.lint(ShellcheckCacheTests.book)
        #expect(setup.runs == 2)
    }

    @Test func pruneKeepsTheNewestEntries() throws {
        let setup = try Setup()
        var cache = setup.cache
        cache.maximumEntries = 2
        for index in 0..<4 {
            cache.write("entry\(index)", Data("[]".utf8))
            let date = Date(timeIntervalSinceNow: Double(index - 10) * 60)
            try FileManager.default.setAttributes(
                [.modificationDate: date], ofItemAtPath: cache.directory + "/entry\(index)")
        }
        cache.prune()
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).sorted() == ["entry2", "entry3"])
    }
}
