import RunbookDocument
import Testing

@testable import RunbookParsing

@Suite("Steps, sections and expected output")
struct StepTests {
    @Test("Shell, console and task-list steps in document order, with output blocks attached")
    func fullDocument() throws {
        let runbook = try FixtureSupport.fixture("full.md")
        #expect(runbook.steps.map(\.id) == ["check-pool", "snapshot", "confirm-the-snapshot-shows-in-the"])
        #expect(runbook.steps.map(\.kind) == [.shell, .shell, .manual])
        let check = runbook.steps[0]
        #expect(check.expectedOutput?.text == "all pools are healthy\n")
        #expect(check.expectedOutput?.location.line == 32)
        #expect(check.location == SourceLocation(file: "full.md", line: 28, column: 1))
        #expect(check.block?.firstCodeLine == 29)
        let snapshot = runbook.steps[1]
        #expect(snapshot.confirmation == .phrase("type the pool name"))
        #expect(snapshot.isDestructive)
        #expect(snapshot.timeout == 300)
        #expect(snapshot.expectedOutput == nil)
        #expect(runbook.sectionPath(of: snapshot) == ["ZFS snapshot backup", "Take the snapshot"])
    }

    @Test("Prose runbooks: sections give roles, console prompts split, nested blocks count")
    func proseRunbook() throws {
        let runbook = try FixtureSupport.fixture("prose.md")
        #expect(runbook.diagnostics.isEmpty)
        #expect(
            runbook.prerequisites.map(\.title) == [
                "Root shell on the storage host", "The incident ticket is open",
                "The last snapshot is younger than 24 hours",
            ])
        #expect(runbook.prerequisites.allSatisfy { $0.kind == .manual })
        #expect(
            runbook.steps.map(\.id) == ["find-the-snapshot", "note-the-name-then-hold-it", "rollback-live", "restore"])

        let console = runbook.steps[0]
        #expect(console.kind == .console)
        #expect(console.command == "zfs list -t snapshot -o name -s creation tank/data \\\n  | tail -n 1\n")
        #expect(console.expectedOutput?.text == "tank/data@nightly-2026-11-26\n")
        #expect(console.expectedOutput?.location.line == 18)
        #expect(console.context == "List snapshots, newest last:")

        let nested = runbook.steps[1]
        #expect(nested.command == "zfs hold restore \"$SNAPSHOT\"\n")
        #expect(nested.location.column == 4)
        #expect(nested.context == "Note the name, then hold it so nothing prunes it:")

        let quoted = runbook.steps[2]
        #expect(quoted.confirmation == .variable("DATASET"))
        #expect(quoted.isDestructive)
        #expect(quoted.location.line == 33)
        #expect(quoted.location.column == 3)

        let restart = runbook.steps[3]
        #expect(restart.expectedOutput?.text == "active\n")
        #expect(runbook.otherBlocks.map(\.language) == ["yaml"])

        #expect(runbook.validation.map(\.kind) == [.manual, .shell])
        #expect(runbook.rollback.map(\.id) == ["undo-the-hold"])
        #expect(runbook.sections.last?.role == .rollback)
    }

    @Test("An output block does not attach across a heading or another code block")
    func outputAttachment() {
        let runbook = FixtureSupport.parse(
            """
            # A
            ```bash
            echo a
            ```
            ## B
            ```output
            a
            ```
            ```bash
            echo c
            ```
            ```text
            c
            ```
            ```output
            c
            ```
            """)
        #expect(runbook.steps.allSatisfy { $0.expectedOutput == nil })
        #expect(runbook.otherBlocks.map(\.language) == ["output", "text", "output"])
    }

    @Test("Runme attributes: name is the id, the ULID an alias, run-all exclusions kept")
    func runme() throws {
        let runbook = try FixtureSupport.fixture("runme.md")
        #expect(runbook.diagnostics.isEmpty)
        #expect(runbook.shell == "zsh")
        #expect(runbook.workingDirectory == "/tmp")
        #expect(
            runbook.steps.map(\.id) == ["install", "update-brew", "skipped", "01JC48PAAYQ7KW56WADZV5F7MQ", "install-2"])
        #expect(runbook.steps[0].aliases == ["01HF7BT3HD84GWTQB8ZT8D9SVW"])
        #expect(runbook.steps[0].isInteractive == false)
        #expect(runbook.steps[2].isExcluded)
        #expect(runbook.steps[4].declaredID == "install")
        #expect(runbook.step(named: "01HF7BT3HD84GWTQB8ZT8D9SVW")?.id == "install")
        #expect(runbook.otherBlocks.map(\.language) == ["javascript"])
    }

    @Test("Broken blocks are warnings on their fence lines, and parsing goes on")
    func brokenBlocks() throws {
        let runbook = try FixtureSupport.fixture("broken.md")
        let codes = runbook.diagnostics.map { "\($0.location.line) \($0.code)" }
        #expect(codes.contains("8 block-attributes"))
        #expect(codes.contains("12 block-attributes"))
        #expect(codes.contains("16 unclosed-fence"))
        #expect(runbook.steps.count == 3)
        #expect(runbook.steps[1].timeout == nil)
        #expect(runbook.steps[2].command == "echo this fence is never closed\n")
        #expect(!runbook.hasErrors)
    }

    @Test("Derived ids never take an id the author wrote")
    func explicitIDsFirst() {
        let runbook = FixtureSupport.parse(
            """
            ## Deploy
            ```bash
            echo derived
            ```
            ```bash {id=deploy}
            echo explicit
            ```
            """)
        #expect(runbook.steps.map(\.id) == ["deploy-2", "deploy"])
    }

    @Test("Front-matter items lead their phase, document items follow")
    func phaseOrder() {
        let runbook = FixtureSupport.parse(
            """
            ---
            validation:
              - name: from front matter
                run: "true"
            ---
            ## Validation
            ```bash
            echo from document
            ```
            """)
        #expect(runbook.validation.map(\.id) == ["from-front-matter", "validation"])
        #expect(runbook.validation.map(\.origin) == [.frontMatter, .document])
    }

    @Test("HTML comments are collected with their lines, not ones inside code")
    func comments() {
        let runbook = FixtureSupport.parse(
            """
            # T
            <!-- runbook-lint-disable RB012 -->
            text <!-- inline --> more
            ```bash
            # <!-- not a comment -->
            ```
            <!-- two
            lines -->
            """)
        #expect(runbook.comments.map(\.text) == ["runbook-lint-disable RB012", "inline", "two\nlines"])
        #expect(runbook.comments.map(\.location.line) == [2, 3, 7])
        #expect(runbook.comments.last?.endLine == 8)
    }

    @Test("Checked task items are marked")
    func checkedTasks() {
        let runbook = FixtureSupport.parse("- [x] already done\n- [ ] to do\n")
        #expect(runbook.steps.map(\.isChecked) == [true, false])
    }

    @Test("Only a first word or two name a section's role")
    func sectionRoles() {
        #expect(SectionRoles.role(forHeading: "Rollback procedure") == .rollback)
        #expect(SectionRoles.role(forHeading: "3. Verification") == .validation)
        #expect(SectionRoles.role(forHeading: "Step 4: Prerequisites") == .prerequisites)
        #expect(SectionRoles.role(forHeading: "Before you begin") == .prerequisites)
        #expect(SectionRoles.role(forHeading: "Roll back the upgrade") == .rollback)
        #expect(SectionRoles.role(forHeading: "Verify the fix works") == .none)
        #expect(SectionRoles.role(forHeading: "Take the snapshot") == .none)
    }

    @Test("Hugo and Jekyll heading ids are not part of titles or derived ids")
    func headingAnchors() {
        let runbook = FixtureSupport.parse(
            """
            ## Drain the node {#step-2}
            ```bash
            kubectl drain node-1
            ```
            ## Restart it {: #restart .important}
            ```bash
            systemctl restart kubelet
            ```
            ## Sets {a} and {b}
            ```bash
            true
            ```
            """)
        #expect(runbook.steps.map(\.title) == ["Drain the node", "Restart it", "Sets {a} and {b}"])
        #expect(runbook.steps.map(\.id) == ["drain-the-node", "restart-it", "sets-a-and-b"])
    }

    @Test("Steps inside a numbered list take the item's text as title and id")
    func numberedListSteps() {
        let runbook = FixtureSupport.parse(
            """
            ## Steps

            1. Install the dependencies:

               ```bash
               npm ci
               ```

            2. Start the server

               ```bash
               npm start
               ```

            3. ```bash
               curl localhost:3000
               ```

            4. Read the log. It should end with "ready":

               ```bash
               tail -n 5 server.log
               ```

            ```bash
            echo done
            ```
            """)
        #expect(
            runbook.steps.map(\.title) == [
                "Install the dependencies", "Start the server", "Steps", "Read the log", "Steps",
            ])
        #expect(
            runbook.steps.map(\.id) == [
                "install-the-dependencies", "start-the-server", "steps", "read-the-log", "steps-2",
            ])
    }
}
