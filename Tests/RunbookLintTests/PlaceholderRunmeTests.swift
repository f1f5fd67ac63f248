import Testing

@testable import RunbookLint

/// RB024 and Runme's prompt idiom: in a Runme document `export X="<…>"` (or
/// `export X=${X:-<…>}`) is how the author asks for a value — Runme prompts for it — so it is
/// not a placeholder left in a command. In runbook's own documents it still is.
@Suite struct PlaceholderRunmeTests {
    static let front = "---\nrunme:\n  id: 01HF7BT3HCDS1X1WJJHBQ8XQG0\n---\n\n"

    @Test(arguments: [
        "export PROJECT=\"<your-project-id>\"",
        "export PROJECT='<your-project-id>'",
        "export PROJECT=<your-project-id>",
        "export PROJECT=${PROJECT:-<your-project-id>}",
        "export PROJECT=\"${PROJECT:-<your-project-id>}\"",
    ])
    func promptIdiomInARunmeDocumentIsNotAFinding(line: String) {
        let markdown = PlaceholderRunmeTests.front + "```sh\n\(line)\ngcloud config set project \"$PROJECT\"\n```\n"
        #expect(lint(markdown, only: "RB024").isEmpty)
    }

    @Test func aPlaceholderElsewhereInARunmeDocumentIsStillAFinding() {
        let markdown =
            PlaceholderRunmeTests.front
            + "```sh\nexport PROJECT=\"<your-project-id>\"\nkubectl -n <NAMESPACE> get pods\n```\n"
        let findings = lint(markdown, only: "RB024")
        #expect(findings.count == 1)
        #expect(findings.first?.message.contains("<NAMESPACE>") == true)
    }

    @Test func theIdiomInARunbookDocumentIsStillAFinding() {
        let markdown = "---\ntitle: T\n---\n\n```bash\nexport PROJECT=\"<your-project-id>\"\n```\n"
        #expect(lint(markdown, only: "RB024").count == 1)
    }
}
