import Foundation
import RunbookDocument
import RunbookParsing
import RunbookRecords
import Testing

@testable import RunbookExecution

/// Runme-style documents, written for these tests, run the way `runme run` runs them, and
/// runbook's own documents keep their stricter defaults.
@Suite struct RunmeSemanticsTests {
    static let runmeFrontMatter = "---\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n  version: v3\n---\n"

    /// Runs `text` saved as `name` inside the sandbox; `invocation` is where runbook was started.
    func run(
        _ sandbox: Sandbox, _ text: String, name: String = "book.md", invocation: String? = nil,
        selection: StepSelection = StepSelection(), environment: [String: String] = [:]
    ) throws -> RunOutcome {
        let book = try sandbox.runbook(text, name: name)
        let variables = try VariableResolver(declared: book.variables, options: [:], environment: [:]).resolve()
        var options = sandbox.options()
        options.selection = selection
        if let invocation { options.invocationDirectory = invocation }
        for (key, value) in environment { options.processEnvironment[key] = value }
        return try Engine.start(
            runbook: book, text: text, store: sandbox.store, variables: variables, driver: ScriptedDriver(),
            observer: sandbox.observer, options: options
        ).run()
    }

    @Test func promptsInAShellBlockDoNotRunAsCommands() throws {
        let sandbox = try Sandbox()
        let outcome = try run(
            sandbox,
            """
            ## Write a file
            ```bash {id=write}
            $ cd "$RUNBOOK_TEST_DIR"
            $ cat > out.txt <<EOF
            written by a here-document
            EOF
            $ echo done >> out.txt
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("out.txt") == "written by a here-document\ndone\n")
    }

    @Test func anUnsetVariableIsEmptyInARunmeDocumentAndFatalInARunbook() throws {
        let sandbox = try Sandbox()
        let block =
            "```sh {\"name\":\"greet\"}\necho \"[${NOT_SET_ANYWHERE}]\" > \"$RUNBOOK_TEST_DIR/greet.txt\"\n```\n"
        let runme = try run(sandbox, block)
        #expect(runme.status == .completed)
        #expect(sandbox.file("greet.txt") == "[]\n")

        let strict = try Sandbox()
        let runbook = try run(strict, "---\nid: strict\n---\n" + block)
        #expect(runbook.status != .completed)
        #expect(runbook.state.steps["greet"]?.outcome == .failed)
        #expect(strict.file("greet.txt") == nil)
    }

    @Test func runmeStepsGetATerminalUnlessInteractiveIsFalse() throws {
        let sandbox = try Sandbox()
        let outcome = try run(
            sandbox,
            Self.runmeFrontMatter + """
                ```sh {"name":"tty"}
                if test -t 1; then seen=terminal; else seen=pipe; fi
                echo "$seen" > "$RUNBOOK_TEST_DIR/tty.txt"
                stty -opost
                ```
                ```sh {"name":"pipe","interactive":"false"}
                if test -t 1; then seen=terminal; else seen=pipe; fi
                echo "$seen" > "$RUNBOOK_TEST_DIR/pipe.txt"
                ```
                """)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("tty.txt") == "terminal\n")
        #expect(sandbox.file("pipe.txt") == "pipe\n")
    }

    @Test func plainFencesRunInARunmeDocumentInsteadOfCompletingWithNothingRun() throws {
        let sandbox = try Sandbox()
        let outcome = try run(
            sandbox,
            """
            # Only plain fences
            ```
            echo first > "$RUNBOOK_TEST_DIR/plain.txt"
            ```
            ```shellscript
            echo second >> "$RUNBOOK_TEST_DIR/plain.txt"
            ```
            """)
        #expect(outcome.status == .completed)
        #expect(outcome.state.succeeded.count == 2)
        #expect(sandbox.file("plain.txt") == "first\nsecond\n")
    }

    @Test func aRunmeDocumentStartsInItsDirectoryWithItsDotEnvLoaded() throws {
        let sandbox = try Sandbox()
        let docs = sandbox.directory + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try """
        # comment
        export FROM_DOTENV="a value with $(no expansion)"
        PLAIN=plain # trailing comment
        OVERRIDDEN=from-dotenv
        """.write(toFile: docs + "/.env", atomically: true, encoding: .utf8)
        let outcome = try run(
            sandbox,
            Self.runmeFrontMatter + """
                ```sh {"name":"where"}
                printf '%s|%s|%s|%s\\n' "$PWD" "$FROM_DOTENV" "$PLAIN" "$OVERRIDDEN" > "$RUNBOOK_TEST_DIR/where.txt"
                ```
                """, name: "docs/README.md", invocation: "/", environment: ["OVERRIDDEN": "from-caller"])
        #expect(outcome.status == .completed)
        #expect(sandbox.file("where.txt") == "\(docs)|a value with $(no expansion)|plain|from-dotenv\n")
    }

    @Test func aRunbookDocumentStartsWhereRunbookWasStartedAndIgnoresDotEnv() throws {
        let sandbox = try Sandbox()
        let docs = sandbox.directory + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        try "FROM_DOTENV=loaded\n".write(toFile: docs + "/.env", atomically: true, encoding: .utf8)
        let outcome = try run(
            sandbox,
            """
            ---
            id: strict
            ---
            ```bash {id=where}
            echo "$PWD|${FROM_DOTENV-unset}" > "$RUNBOOK_TEST_DIR/where.txt"
            ```
            """, name: "docs/strict.md", invocation: sandbox.directory)
        #expect(outcome.status == .completed)
        #expect(sandbox.file("where.txt") == "\(sandbox.directory)|unset\n")
    }

    /// Runme's TestResolveDirectory: a block's `cwd` is resolved against the front matter's
    /// `cwd`, which is resolved against the document's directory; an absolute path wins.
    @Test(
        arguments: [
            // front matter cwd, block cwd, expected directory relative to the sandbox ("/…" is absolute)
            (nil, nil, "a/b/c"),
            (nil, "..", "a/b"),
            (nil, "/abs", "/abs"),
            ("..", nil, "a/b"),
            ("..", "..", "a"),
            ("..", "/abs", "/abs"),
            ("/abs", nil, "/abs"),
            ("/abs", "sub", "/abs/sub"),
            ("/abs", "/abs/sub", "/abs/sub"),
        ] as [(String?, String?, String)])
    func workingDirectoryResolvesLikeRunme(frontMatter: String?, block: String?, expected: String) throws {
        let sandbox = try Sandbox()
        let absolute = sandbox.directory + "/abs"
        for directory in ["a/b/c", "abs/sub"] {
            try FileManager.default.createDirectory(
                atPath: sandbox.directory + "/" + directory, withIntermediateDirectories: true)
        }
        func resolve(_ path: String) -> String { path.replacingOccurrences(of: "/abs", with: absolute) }
        var text = "---\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n"
        if let frontMatter { text += "cwd: \(resolve(frontMatter))\n" }
        text +=
            "---\n```sh {\"name\":\"pwd\"\(block.map { ",\"cwd\":\"\(resolve($0))\"" } ?? "")}\npwd -P > \"$RUNBOOK_TEST_DIR/pwd.txt\"\n```\n"
        let outcome = try run(sandbox, text, name: "a/b/c/README.md", invocation: "/")
        #expect(outcome.status == .completed)
        let wanted = expected.hasPrefix("/") ? resolve(expected) : sandbox.directory + "/" + expected
        #expect(sandbox.file("pwd.txt") == URL(fileURLWithPath: wanted).resolvingSymlinksInPath().path + "\n")
    }

    // MARK: Selecting steps

    static let selectable = """
        ## Hello
        ```sh {"name":"hello-world"}
        echo hello-world >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        ```sh {"name":"hello-moon","excludeFromRunAll":"true"}
        echo hello-moon >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        ```sh {"name":"build","tag":"setup"}
        echo build >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        ```sh
        echo unnamed >> "$RUNBOOK_TEST_DIR/ran.txt"
        ```
        """

    @Test(
        arguments: [
            // The unnamed block's id is its heading's slug, `hello`, so the glob takes it too.
            (["hello*"], [], "hello-world\nhello-moon\nunnamed\n"),
            (["hello-*"], [], "hello-world\nhello-moon\n"),
            (["build", "hello-moon"], [], "hello-moon\nbuild\n"),
            (["echo-unnamed"], [], "unnamed\n"),
            ([], ["setup"], "build\n"),
            ([], [], "hello-world\nbuild\nunnamed\n"),
        ] as [([String], [String], String)])
    func onlyAndTagRunJustTheSelectedSteps(names: [String], tags: [String], ran: String) throws {
        let sandbox = try Sandbox()
        let outcome = try run(sandbox, Self.selectable, selection: StepSelection(names: names, tags: tags))
        #expect(outcome.status == .completed)
        #expect(sandbox.file("ran.txt") == ran)
    }

    @Test func aSelectionThatNamesNoStepIsRefusedBeforeAnythingRuns() throws {
        let sandbox = try Sandbox()
        #expect(throws: EngineError.nothingSelected("nope*")) {
            try run(sandbox, Self.selectable, selection: StepSelection(names: ["hello-world", "nope*"]))
        }
        #expect(throws: EngineError.nothingSelected("--tag deploy")) {
            try run(sandbox, Self.selectable, selection: StepSelection(tags: ["deploy"]))
        }
        #expect(sandbox.file("ran.txt") == nil)
    }

    @Test func unselectedStepsAreRecordedAsNotSelectedSoAResumeDoesNotRunThem() throws {
        let sandbox = try Sandbox()
        let outcome = try run(sandbox, Self.selectable, selection: StepSelection(names: ["build"]))
        let skipped = outcome.state.steps.filter { $0.value.skip != nil }
        #expect(skipped.keys.sorted() == ["hello", "hello-moon", "hello-world"])
        #expect(skipped.values.allSatisfy { $0.skip?.reason == "not selected by --only or --tag" })
        #expect(outcome.state.steps["build"]?.outcome == .succeeded)
        #expect(["hello", "hello-moon", "hello-world", "build"].allSatisfy(outcome.state.isDone))
    }

    // MARK: .env

    @Test func dotEnvValuesAreDataNeverShell() {
        let parsed = DotEnvFile.parse(
            """
            # comment

            export A=1
            B = spaced
            C='single $(x) \\n'
            D="double \\"quoted\\"\\nnext"
            E=unquoted # comment
            not an assignment
            1BAD=x
            """)
        #expect(parsed.map(\.name) == ["A", "B", "C", "D", "E"])
        #expect(parsed.map(\.value) == ["1", "spaced", "single $(x) \\n", "double \"quoted\"\nnext", "unquoted"])
    }
}

@Suite struct ShellErrorLineTests {
    @Test func theShellsErrorMessagesNameTheRunbooksFileAndLine() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.run(
            """
            # Title

            Some prose.

            ```bash {id=broken}
            true
            no-such-command-here
            ```
            """)
        #expect(outcome.status != .completed)
        let output = String(decoding: sandbox.observer.output, as: UTF8.self)
        #expect(
            output.contains("\(sandbox.directory)/book.md: line 7: no-such-command-here: command not found"),
            "\(output)")
    }
}
