import Foundation
import RunbookKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The interactive screens at 80 and 60 columns, and the prompts' answers to Ctrl-C and to a
/// nearly right phrase (issue 14), through a real pseudo-terminal.
@Suite(.serialized) struct InteractiveLayoutTests {
    func start(_ sandbox: CLISandbox, _ arguments: [String], columns: UInt16 = 80) throws -> PseudoTerminal {
        var env = ProcessInfo.processInfo.environment
        for name in ["EDITOR", "VISUAL", "RUNBOOK_RECORDS", "COLUMNS"] { env[name] = nil }
        env["NO_COLOR"] = "1"
        env["TERM"] = "xterm"
        env["SANDBOX"] = sandbox.directory
        return try PseudoTerminal(
            arguments + ["--records", sandbox.records], directory: sandbox.directory, environment: env, columns: columns
        )
    }

    static let book = """
        ---
        id: wide-book
        title: A drill whose step screen is wider than the terminal
        ---
        # Wide

        ## Copy the replication snapshot of the storage pool to the offsite backup host {#copy}

        The copy runs over ssh with compression; it needs the offsite host's key in known_hosts before it starts, otherwise ssh asks and the step hangs waiting for an answer nobody sees.

        ```bash {id=copy-the-replication-snapshot-to-offsite}
        echo one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
        ```
        """

    @Test(
        "the step screen, legend and edit instructions fit the width; a long command continues behind a mark",
        arguments: [80, 60])
    func stepScreenFits(columns: Int) throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", InteractiveLayoutTests.book)
        let terminal = try start(sandbox, ["run", "book.md"], columns: UInt16(columns))
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("[r] run")
        try terminal.expect("> ")
        terminal.type("e")
        try terminal.expect("  $ ")
        terminal.type("\u{1B}")
        try terminal.expect("> ")
        terminal.type("q")
        try terminal.expect("[y/N]")
        terminal.type("y")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        _ = try terminal.waitForExit()
        let lines = terminal.lines
        // The inline editor's prefilled line is input the operator edits in place: the terminal
        // wraps it, as it wraps anything typed.
        let editing = Set(lines.filter { $0.hasPrefix("  $ echo one two") && $0.hasSuffix("eighteen") })
        for line in lines where !editing.contains(line) {
            #expect(line.count <= columns, "\(line.count) > \(columns): \(line)")
        }
        let screen = lines.joined(separator: "\n")
        #expect(
            screen.contains("copy-the-replication-snapshot-to-offsite")
                || screen.contains("Copy the replication snapshot"), "\(screen)")
        #expect(screen.contains("  $ echo one two"), "\(screen)")
        let continued = lines.filter { $0.hasPrefix("  ↪ ") }
        #expect(!continued.isEmpty, "the rest of the command goes behind a continuation mark: \(screen)")
        #expect(continued.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).hasPrefix(">") })
        #expect(screen.contains("eighteen"), "nothing of the command is cut: \(screen)")
        #expect(screen.contains("nobody sees."), "\(screen)")
        // Words are whole: each word of the prose appears unbroken on some line.
        for word in ["compression;", "known_hosts", "otherwise", "(Enter keeps it;"]
        where screen.contains(String(word.prefix(4))) {
            #expect(lines.contains { $0.contains(word) } || word.hasPrefix("("), "\(word) was broken: \(screen)")
        }
    }

    @Test("Ctrl-C at a prompt for a variable ends with exit status 3 and runs nothing")
    func interruptAtVariablePrompt() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: prompted
            variables:
              HOST: { description: The host }
            ---
            # Prompted
            ## Touch
            ```bash
            touch "$SANDBOX/ran"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("HOST")
        try terminal.expect(": ")
        terminal.type("\u{3}")
        try terminal.expect("Interrupted; nothing was run.")
        #expect(try terminal.waitForExit() == 3)
        #expect(sandbox.file("ran") == nil)
    }

    @Test("a typed phrase differing only by a trailing space is said so, then the exact phrase runs the step")
    func phraseWithTrailingSpace() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: phrase
            ---
            # Phrase
            ## Wipe
            ```bash {confirm="wipe scratch"}
            touch "$SANDBOX/ran"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("confirm> ")
        terminal.type("wipe scratch \r")
        try terminal.expect("only the spaces at the ends differ")
        try terminal.expect("confirm> ")
        terminal.type("wipe scratch\r")
        try terminal.expect("Lessons")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("ran") != nil)
    }

    @Test(
        "Ctrl-L and l show the step again; b goes back to an earlier step, runs it again (recorded) and returns; no key is y or n"
    )
    func redrawAndGoBack() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: back
            ---
            # Back
            ## Count
            ```bash {id=count}
            echo counted >> "$SANDBOX/count"
            ```
            ## Finish
            ```bash {id=finish}
            echo finished
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("Step 1/2 · Count")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Step 2/2 · Finish")
        let legend = try terminal.expect("> ")
        #expect(!legend.contains("[n]") && !legend.contains("[y]"), "\(legend)")
        #expect(
            legend.contains("[l] redraw") && legend.contains("[b] go back") && legend.contains("[w] note"), "\(legend)")
        terminal.type("\u{C}")
        try terminal.expect("Step 2/2 · Finish")
        try terminal.expect("$ echo finished")
        try terminal.expect("> ")
        terminal.type("l")
        try terminal.expect("Step 2/2 · Finish")
        try terminal.expect("> ")
        terminal.type("b")
        try terminal.expect("1. Count [count]")
        try terminal.expect("Run which again?")
        terminal.type("1\r")
        try terminal.expect("Step 1/2 · Count")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Step 2/2 · Finish")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("count") == "counted\ncounted\n")
        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        let events = try store.events(of: run.id)
        #expect(events.filter { $0.kind == .stepStarted && $0.stepID == "count" }.count == 2)
        #expect(
            events.contains { event in
                guard case .deviation(let deviation) = event.payload else { return false }
                return event.stepID == "count" && deviation.kind == .retried
                    && deviation.detail.contains("went back from step finish")
            })
        #expect(run.status == .completed)
        let export = try sandbox.run(["export", run.id])
        #expect(export.stdout.contains("went back from step finish"), "the handoff says so: \(export.stdout)")
    }

    @Test(
        "editing: no empty $ line under Edited command; n keeps or drops the edit; a kept edit runs with r; the written command can be restored"
    )
    func keepDropAndRestoreAnEdit() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: edits
            ---
            # Edits
            ## First
            ```bash {id=first}
            echo written >> "$SANDBOX/out"
            ```
            ## Second
            ```bash {id=second}
            echo second-written >> "$SANDBOX/out"
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("Step 1/2 · First")
        try terminal.expect("> ")
        // Edit, do not run it now, keep it; r then runs the kept edit.
        terminal.type("e")
        try terminal.expect("$ echo written")
        terminal.type("\u{15}echo kept >> \"$SANDBOX/out\"\r")
        try terminal.expect("+ ")
        terminal.type("\r")
        let shown = try terminal.expect("Run the edited command? [Y/n]")
        #expect(!shown.contains("$ \n"), "no phantom empty $ line: \(shown)")
        terminal.type("n")
        try terminal.expect("[k] keep the edit")
        try terminal.expect("> ")
        terminal.type("k")
        try terminal.expect("Kept, not run")
        try terminal.expect("> ")
        terminal.type("l")
        try terminal.expect("Your edit, kept and not run yet")
        try terminal.expect("$ echo kept")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Step 2/2 · Second")
        try terminal.expect("> ")
        // Edit, keep, then restore the written command and run that.
        terminal.type("e")
        try terminal.expect("$ echo second-written")
        terminal.type("\u{15}echo second-edited >> \"$SANDBOX/out\"\r")
        try terminal.expect("+ ")
        terminal.type("\r")
        try terminal.expect("Run the edited command? [Y/n]")
        terminal.type("n")
        try terminal.expect("> ")
        terminal.type("k")
        try terminal.expect("Kept, not run")
        try terminal.expect("> ")
        terminal.type("e")
        try terminal.expect("[w] restore the written command")
        try terminal.expect("> ")
        terminal.type("w")
        try terminal.expect("Restored the written command.")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("out") == "kept\nsecond-written\n")
        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        let edits = try store.events(of: run.id).filter { $0.kind == .commandEdited }
        #expect(edits.map(\.stepID) == ["first"], "only the edit that ran is recorded")
    }

    @Test("dropping an edit keeps the written command")
    func dropAnEdit() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md", "---\nid: drop\n---\n# Drop\n## Only\n```bash\necho written >> \"$SANDBOX/out\"\n```\n")
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("> ")
        terminal.type("e")
        try terminal.expect("$ echo written")
        terminal.type("\u{15}echo edited >> \"$SANDBOX/out\"\r")
        try terminal.expect("+ ")
        terminal.type("\r")
        try terminal.expect("Run the edited command? [Y/n]")
        terminal.type("n")
        try terminal.expect("[d] drop it")
        try terminal.expect("> ")
        terminal.type("d")
        try terminal.expect("Dropped; the written command stands.")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(sandbox.file("out") == "written\n")
    }

    @Test(
        "a destructive step shows the values its command uses, session ones and secrets masked; the rollback question names its steps"
    )
    func destructiveValuesAndRollbackNames() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            """
            ---
            id: scratch
            variables:
              POOL: { default: tank }
              TOKEN: { secret: true }
            ---
            # Scratch
            ## Make the scratch directory
            ```bash {id=make}
            export WORKDIR="$SANDBOX/scratch.x1"
            mkdir -p "$WORKDIR"
            ```
            ## Wipe it
            ```bash {id=wipe destructive=true}
            rm -rf "$WORKDIR" && echo "$POOL $TOKEN" > /dev/null
            ```
            ## Rollback
            ```bash {id=recreate undoes=make}
            mkdir -p "$WORKDIR"
            ```
            ```bash {id=log-it}
            echo rolled back
            ```
            """)
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("POOL [tank]: ")
        terminal.type("\r")
        try terminal.expect("TOKEN (hidden): ")
        terminal.type("hunter22\r")
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("Step 1/2")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Step 2/2 · Wipe it")
        try terminal.expect("with these values:")
        try terminal.expect("WORKDIR=\(sandbox.directory)/scratch.x1")
        let values = try terminal.expect("> ")
        #expect(values.contains("POOL=tank"), "\(values)")
        #expect(values.contains("TOKEN=[secret:TOKEN]"), "\(values)")
        #expect(!terminal.text.contains("hunter22"))
        terminal.type("u")
        try terminal.expect("Stop here and run the rollback (2 steps: recreate, log-it)?")
        terminal.type("n")
        try terminal.expect("> ")
        terminal.type("q")
        try terminal.expect("[y/N]")
        terminal.type("y")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        _ = try terminal.waitForExit()
    }

    @Test("resume shows the checklist with marks, the variables, the notes so far and what changed since")
    func resumeChecklist() throws {
        let sandbox = try CLISandbox()
        let book = """
            ---
            id: resumable
            variables:
              POOL: { default: tank }
            ---
            # Resumable
            ## Make
            ```bash {id=make}
            echo made
            ```
            ## Optional
            ```bash {id=optional}
            echo optional
            ```
            ## Break
            ```bash {id=break}
            exit 4
            ```
            ## Finish
            ```bash {id=finish}
            echo "$POOL"
            ```
            """
        try sandbox.write("book.md", book)
        let first = try start(sandbox, ["run", "book.md"])
        try first.expect("POOL [tank]: ")
        first.type("\r")
        try first.expect("Start the run?")
        first.type("y")
        try first.expect("Step 1/4 · Make")
        try first.expect("> ")
        first.type("r")
        try first.expect("Step 2/4 · Optional")
        try first.expect("> ")
        first.type("w")
        try first.expect("Note: ")
        first.type("the optional step is for the weekly run only\r")
        try first.expect("> ")
        first.type("s")
        try first.expect("Why skip it? ")
        first.type("not weekly\r")
        try first.expect("Step 3/4 · Break")
        try first.expect("> ")
        first.type("r")
        try first.expect("The step failed.")
        try first.expect("> ")
        first.type("p")
        try first.expect("Why pause?")
        first.type("\r")
        #expect(try first.waitForExit() == 3)

        try sandbox.write("book.md", book.replacingOccurrences(of: "echo \"$POOL\"", with: "echo \"pool: $POOL\""))
        let store = try RecordStore(path: sandbox.records)
        let run = try #require(try store.runs().first)
        let second = try start(sandbox, ["resume", run.id])
        try second.expect("Resuming run \(run.id)")
        let screen = try second.expect("> ")
        for expected in [
            "✓ 1. Make  done", "↷ 2. Optional  skipped", "✗ 3. Break  failed",
            "4. Finish  not run (changed since the run started)",
            "Variables: POOL=tank", "[optional] the optional step is for the weekly run only", "changed: finish",
        ] {
            #expect(screen.contains(expected), "\(expected) missing from:\n\(screen)")
        }
        second.type("p")
        try second.expect("Why pause?")
        second.type("\r")
        _ = try second.waitForExit()
    }

    static let stubborn = """
        ---
        id: stubborn
        ---
        # Stubborn
        ## Ignore Ctrl-C
        ```bash {id=stubborn}
        trap '' INT
        sleep 30
        ```
        """

    @Test("Ctrl-C on a step that ignores it is acknowledged at once, and the kill after the grace period is announced")
    func ctrlCAcknowledgedThenKilledAfterGrace() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", InteractiveLayoutTests.stubborn)
        let terminal = try start(sandbox, ["run", "book.md", "--kill-grace", "2"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Running Ignore Ctrl-C")
        usleep(300_000)
        let typed = Date()
        terminal.type("\u{3}")
        try terminal.expect("Stopping: Ctrl-C passed to the step. It is killed in 2s if it does not end;", within: 1)
        try terminal.expect("Ctrl-C again kills it now.")
        #expect(Date().timeIntervalSince(typed) < 1, "acknowledged at once")
        try terminal.expect("The step ignored Ctrl-C for 2s: killing it (SIGKILL).", within: 4)
        try terminal.expect("Interrupted.")
        try terminal.expect("> ")
        terminal.type("q")
        try terminal.expect("[y/N]")
        terminal.type("y")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        _ = try terminal.waitForExit()
    }

    @Test("a second Ctrl-C kills the step at once and says so")
    func secondCtrlCKills() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("book.md", InteractiveLayoutTests.stubborn)
        let terminal = try start(sandbox, ["run", "book.md", "--kill-grace", "20"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Running Ignore Ctrl-C")
        usleep(300_000)
        terminal.type("\u{3}")
        try terminal.expect("It is killed in 20s if it does not end", within: 1)
        terminal.type("\u{3}")
        try terminal.expect("Ctrl-C again: killing the step (SIGKILL) now.", within: 1)
        try terminal.expect("Interrupted.", within: 3)
        try terminal.expect("> ")
        terminal.type("q")
        try terminal.expect("[y/N]")
        terminal.type("y")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        _ = try terminal.waitForExit()
    }

    @Test("live output: stderr lines behind their own gutter, stdout behind │; coloured on a colour terminal")
    func stderrIsMarked() throws {
        let sandbox = try CLISandbox()
        try sandbox.write(
            "book.md",
            "---\nid: streams\n---\n# Streams\n## Both\n```bash\necho to-stdout\necho to-stderr >&2\nno-such-command-here || true\n```\n"
        )
        let terminal = try start(sandbox, ["run", "book.md"])
        try terminal.expect("Start the run?")
        terminal.type("y")
        try terminal.expect("> ")
        terminal.type("r")
        try terminal.expect("Lessons learned?")
        terminal.type("\r")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.lines.contains("│ to-stdout"), "\(terminal.text)")
        #expect(terminal.lines.contains("┆ to-stderr"), "\(terminal.text)")
        // bash's own error names the runbook's file and line, not the wrapper's.
        #expect(
            terminal.lines.contains("┆ \(sandbox.directory)/book.md: line 9: no-such-command-here: command not found"),
            "\(terminal.text)")
    }
}
