import Foundation
import Testing

@testable import RunbookExecution

#if canImport(Glibc)
import Glibc
#endif

/// What runbook writes to a session shell: requests bash reads whole with `read -N`, and
/// values that reach the shell byte for byte, whatever they hold.
@Suite struct SessionChannelTests {
    /// Every byte a value can hold, in a UTF-8 locale and in C, comes back unchanged.
    @Test(arguments: ["C.UTF-8", "C"])
    func aQuotedValueComesBackByteForByte(locale: String) throws {
        let value =
            (1..<0x80).map { String(UnicodeScalar(UInt8($0))) }.joined()
            + "é ü 日本 🦀 '\\'' $HOME `id` $(id) \\x41 \u{1B}[2J \u{7F} ' \\"
        let output = try bash(
            "builtin eval \"x=$1\"; builtin printf '%s' \"$x\"", [SessionChannel.ansiQuoted(value)],
            locale: locale)
        #expect(output == Array(value.utf8))
    }

    @Test func aQuotedValueIsPrintableASCII() {
        let quoted = SessionChannel.ansiQuoted("tab\tnewline\né\u{1B}")
        #expect(quoted == "$'tab\\x09newline\\x0aé'".replacingOccurrences(of: "é", with: "\\xc3\\xa9\\x1b"))
        #expect(quoted.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
    }

    /// The session's own loop start reads a run request and its arguments, multibyte text
    /// included, in a UTF-8 locale.
    @Test func aStepRequestIsReadWhole() throws {
        let arguments = ["/tmp/state file", "/tmp/dir", "echo 'héllo'\nprintf '%s' \"$1\""]
        let stream =
            SessionChannel.framed(
                SessionChannel.stepRequest(console: false, number: 7, name: "book.md", padding: 3, arguments: arguments)
            )
            + SessionChannel.framed(SessionChannel.definitionsRequest("f() { :; }"))
        let script =
            StepScript.readRequest
            + "builtin printf '%s|%s|%s|%s|' \"$__runbook_kind\" \"$__runbook_n\" \"$__runbook_name\" \"$__runbook_pad\"; "
            + "builtin printf '<%s>' \"${__runbook_args[@]}\";; *) builtin exit 2;; esac; done; "
            + "builtin printf '|%s' \"$__runbook_defs\""
        let output = try bash(script, [], locale: "C.UTF-8", input: stream)
        #expect(
            String(decoding: output, as: UTF8.self)
                == "R|7|book.md|3|</tmp/state file></tmp/dir><echo 'héllo'\nprintf '%s' \"$1\">|f() { :; }")
    }

    /// Runs `script` with bash, `arguments` as `$1`…, `input` on its standard input.
    private func bash(_ script: String, _ arguments: [String], locale: String, input: [UInt8] = []) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script, "test"] + arguments
        process.environment = ["LC_ALL": locale, "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        let standardInput = Pipe()
        process.standardOutput = output
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input))
        try standardInput.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(bytes)
    }
}

/// The session forks each step's child ahead (`ShellSession.prepare`, `launch`): the child
/// runs nothing until runbook sends its request, which it does once the start is recorded.
@Suite struct SessionGateTests {
    @Test func aPreparedStepRunsOnlyWhenLaunched() throws {
        let (directory, session) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let request = try Self.prepare("echo ran > \"$MARK\"", in: session, directory)
        usleep(300_000)
        #expect(!FileManager.default.fileExists(atPath: directory + "/ran"), "the step ran before it was launched")
        // Set after the child was forked: the request carries it.
        session.update(environment: ["PATH": "/usr/bin:/bin", "MARK": directory + "/ran"], definitions: "")
        #expect(try Self.runToEnd(session.launch(request)) == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/ran"))
    }

    /// A prepared step whose start could not be recorded is discarded: the waiting child keeps
    /// waiting and runs the next step, with what changed meanwhile.
    @Test func aDiscardedStepLeavesTheSessionReady() throws {
        let (directory, session) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let dropped = try Self.prepare("echo dropped > dropped", in: session, directory)
        session.discard(dropped)
        for (index, value) in ["one", "two"].enumerated() {
            session.update(environment: ["PATH": "/usr/bin:/bin", "VALUE": value], definitions: "")
            let request = try Self.prepare("echo \"$VALUE $LINENO\" >> seen", padding: index, in: session, directory)
            #expect(try Self.runToEnd(session.launch(request)) == 0)
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/dropped"))
        #expect(try String(contentsOfFile: directory + "/seen", encoding: .utf8) == "one 1\ntwo 2\n")
    }

    /// The session keeps the newlines steps are padded with, made once and doubled as needed:
    /// line numbers are the file's for steps down the file, back up it, and far down it.
    @Test func lineNumbersAreTheFilesWhereverTheStepIs() throws {
        let (directory, session) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for padding in [10, 20, 30, 5, 400, 401] {
            let request = try Self.prepare("echo $LINENO >> lines", padding: padding, in: session, directory)
            #expect(try Self.runToEnd(session.launch(request)) == 0)
        }
        #expect(try String(contentsOfFile: directory + "/lines", encoding: .utf8) == "11\n21\n31\n6\n401\n402\n")
    }

    /// The child waiting for the next step can be killed from outside (an operator's `pkill`
    /// while runbook waits for an answer): the session forks another, and the step runs there.
    @Test func aKilledWaitingChildIsReplaced() throws {
        let (directory, session) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let waiting = try Self.children(of: session.pid)
        try #require(waiting.count == 1, "the session forked no child ahead")
        kill(waiting[0], SIGKILL)
        usleep(200_000)
        let request = try Self.prepare("echo ran > ran", in: session, directory)
        let step = try session.launch(request)
        #expect(step.pid != waiting[0])
        #expect(Self.runToEnd(step) == 0)
        #expect(FileManager.default.fileExists(atPath: directory + "/ran"))
    }

    /// A waiting child can also die just as runbook hands it its request: the session then
    /// reads the request meant for it. It skips it for the update behind it, so the step ends
    /// killed without having run, and the next step runs where it should, once.
    @Test(.timeLimit(.minutes(1))) func aRequestWhoseChildDiedIsNotRunByTheNext() throws {
        let (directory, session) = try Self.session()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let waiting = try Self.children(of: session.pid)
        try #require(waiting.count == 1, "the session forked no child ahead")
        usleep(100_000) // the session has said `P` by now
        // Stopped, the session cannot answer the child's end before the request is sent.
        kill(session.pid, SIGSTOP)
        kill(waiting[0], SIGKILL)
        let first = try Self.prepare("echo first >> ran", in: session, directory)
        let lost = try session.launch(first)
        kill(session.pid, SIGCONT)
        #expect(lost.pid == waiting[0])
        #expect(Self.runToEnd(lost) == 128 + SIGKILL)
        let second = try Self.prepare("echo second >> ran", in: session, directory)
        #expect(try Self.runToEnd(session.launch(second)) == 0)
        #expect(try String(contentsOfFile: directory + "/ran", encoding: .utf8) == "second\n")
    }

    /// Prepares the shell step `text` with `padding` blank lines before it, in `directory`.
    private static func prepare(
        _ text: String, padding: Int = 0, in session: ShellSession, _ directory: String
    ) throws -> ShellSession.Request {
        try session.prepare(
            console: false, name: "book.md", padding: padding,
            arguments: [directory + "/state", directory, text], pipeSize: 65_536)
    }

    private static func session() throws -> (String, ShellSession) {
        let directory = NSTemporaryDirectory() + "runbook-gate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let session = try ShellSession(
            shell: "/bin/bash", wrapper: StepScript.bashWrapper(semantics: .runbook),
            consoleWrapper: StepScript.bashConsoleWrapper, directory: directory,
            environment: ["PATH": "/usr/bin:/bin"])
        return (directory, session)
    }

    /// Waits for `step` to end, closes its pipes and gives its exit code.
    private static func runToEnd(_ step: SessionStep) -> Int32? {
        var step = step
        step.waitForExit()
        for output in step.outputs { step.close(output.descriptor) }
        return step.exitCode
    }

    /// The session's children, once it has forked one (up to two seconds).
    private static func children(of pid: pid_t) throws -> [pid_t] {
        for _ in 0..<200 {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
            let children = text.split(separator: " ").compactMap { pid_t($0) }
            if !children.isEmpty { return children }
            usleep(10_000)
        }
        return []
    }
}

/// A step the session cannot start (here its output pipe's name is taken by a directory) is
/// recorded as started and not started, in that order, like any step that could not start.
@Suite struct SessionStartFailureTests {
    @Test func aStepWhosePipesCannotBeMadeIsRecordedAsStartedThenNotStarted() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            ## One
            ```bash {id=one}
            mkdir "$__runbook_fifos/out.$((__runbook_n + 1))"
            ```
            ## Two
            ```bash {id=two}
            echo never
            ```
            """)
        #expect(outcome.state.steps["two"]?.outcome == .notStarted)
        let kinds = try sandbox.store.events(of: outcome.runID).filter { $0.stepID == "two" }.map(\.kind)
        #expect(kinds == [.stepStarted, .stepFinished])
    }
}
