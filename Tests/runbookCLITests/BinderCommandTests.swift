import Foundation
import Testing

/// `runbook binder`: the offline binder, through the built binary and in headless Chromium.
@Suite("runbook binder")
struct BinderCommandTests {
    static let chromium = ["chromium", "chromium-browser"].lazy.compactMap(BinderCommandTests.onPath).first

    static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// A runbook whose every text tries to become markup.
    static let hostile = """
        ---
        id: hostile
        title: "Restore <script>alert(1)</script> & friends"
        priority: critical
        category: recovery
        description: "A </p><img src=x onerror=alert(1)> description"
        contacts:
          - {name: "Ana <b>Ruiz</b>", role: on-call, reach: "+41 79 000 00 00", escalate-when: "the pool is degraded & no replica"}
        variables:
          TOKEN: {default: hunter2, secret: true}
          POOL: {default: "tank<1>", description: the pool}
        rollback:
          - name: put it back
            run: echo "rollback <now>"
        ---
        # Restore

        ```bash {id=wipe confirm="wipe tank" destructive=true}
        echo "</pre><script>alert(2)</script>" | tr -d '\\033'
        ```

        ```bash {id=colour}
        echo "\u{1B}[31mred"
        ```
        """

    @Test("The HTML binder is self-contained: critical first, a contents list, page breaks, every text escaped")
    func htmlBinder() throws {
        let sandbox = try CLISandbox()
        try FileManager.default.createDirectory(atPath: sandbox.directory + "/books", withIntermediateDirectories: true)
        try sandbox.write("books/hostile.md", BinderCommandTests.hostile)
        try sandbox.write(
            "books/low.md", "---\nid: low\ntitle: A low one\npriority: low\n---\n# Low\n\n```bash\ntrue\n```\n")
        try sandbox.write("books/notes.md", "# Just notes\n\nNo steps here.\n")
        let result = try sandbox.run(["binder", "books", "-o", "binder.html"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try #require(sandbox.file("binder.html"))
        #expect(!html.contains("<script"), "no script from a runbook, and none of its own")
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Ruiz"))
        #expect(html.contains("Restore &lt;script&gt;alert(1)&lt;/script&gt; &amp; friends"))
        #expect(html.contains("&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<link"), "no external asset")
        #expect(html.contains("<style>") && html.contains("page-break-before:always"))
        #expect(!html.contains("hunter2"), "a secret's default never reaches paper")
        #expect(
            html.contains("echo &quot;␛[31mred&quot;") && !html.contains("\u{1B}"),
            "a terminal escape is shown, not kept")
        #expect(html.contains("confirm by typing “wipe tank”; DESTRUCTIVE: destroys data"))
        #expect(html.contains("Ana &lt;b&gt;Ruiz&lt;/b&gt;") && html.contains("the pool is degraded &amp; no replica"))
        #expect(html.contains("<h2>Rollback</h2>") && html.contains("echo &quot;rollback &lt;now&gt;&quot;"))
        let critical = try #require(html.range(of: "id=\"runbook-1\""))
        let low = try #require(html.range(of: "A low one</h1>"))
        #expect(critical.lowerBound < low.lowerBound, "critical first")
        #expect(html.contains("<a href=\"#runbook-1\">Restore &lt;script&gt;"), "contents link to chapters")
        #expect(!html.contains("Just notes"), "a Markdown file without steps or front matter is not a runbook")
    }

    @Test("--format md writes the same chapters as Markdown, escaped")
    func markdownBinder() throws {
        let sandbox = try CLISandbox()
        try sandbox.write("hostile.md", BinderCommandTests.hostile)
        let result = try sandbox.run(["binder", "--format", "md", "hostile.md"], withRecords: false)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("## Restore \\<script\\>alert(1)\\</script\\> \\& friends"), "\(result.stdout)")
        #expect(
            result.stdout.contains("### Contacts") && result.stdout.contains("| Ana \\<b\\>Ruiz\\</b\\> | on-call |"))
        #expect(
            result.stdout.contains("   ```sh\n   echo \"</pre><script>alert(2)</script>\""),
            "commands verbatim inside a fence")
        #expect(!result.stdout.contains("hunter2"))
        #expect(result.stdout.contains("   echo \"␛[31mred\"\n"), "\(result.stdout)")
    }

    @Test("No runbook to bind, or a path that does not exist, is a usage error")
    func usage() throws {
        let sandbox = try CLISandbox()
        let missing = try sandbox.run(["binder", "nowhere"], withRecords: false)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere: no such file or directory"), "\(missing.stderr)")
        try sandbox.write("notes.md", "# Notes\n")
        let empty = try sandbox.run(["binder", "notes.md"], withRecords: false)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no runbook to bind in notes.md"), "\(empty.stderr)")
    }

    @Test(
        "Headless Chromium renders the shipped runbooks' binder to a PNG with content and a PDF with a page per chapter",
        .enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium; .ci/run does)"))
    func rendersInChromium() throws {
        let sandbox = try CLISandbox()
        let bound = try sandbox.run(
            ["binder", CLISandbox.repositoryPath("runbooks"), "-o", "binder.html"], withRecords: false)
        #expect(bound.status == 0, "\(bound.stderr)")
        let html = sandbox.directory + "/binder.html"
        let png = try CLISandbox.shell(
            [
                "/bin/sh", CLISandbox.repositoryPath("scripts/render-html-export.sh"), html,
                sandbox.directory + "/binder.png",
            ],
            directory: sandbox.directory)
        #expect(png.status == 0, "\(png.stdout)\(png.stderr)")
        #expect(png.stdout.contains("1000x1400 PNG"), "\(png.stdout)")

        let chromium = try #require(BinderCommandTests.chromium)
        let profile = sandbox.directory + "/profile"
        _ = try CLISandbox.shell(
            [
                chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)",
                "--no-pdf-header-footer",
                "--print-to-pdf=\(sandbox.directory)/binder.pdf", "file://\(html)",
            ],
            directory: sandbox.directory)
        let pdf = try Data(contentsOf: URL(fileURLWithPath: sandbox.directory + "/binder.pdf"))
        #expect(pdf.starts(with: Data("%PDF-".utf8)))
        let text = String(decoding: pdf, as: UTF8.self)
        let pages = text.matches(of: /\/Count (\d+)/).compactMap { Int($0.1) }.max() ?? 0
        let runbooks = try FileManager.default.subpathsOfDirectory(atPath: CLISandbox.repositoryPath("runbooks"))
            .filter { $0.hasSuffix(".md") && !$0.hasSuffix("README.md") }.count
        #expect(pages > runbooks, "a page break before each of \(runbooks) runbooks after the contents: \(pages) pages")
    }
}
