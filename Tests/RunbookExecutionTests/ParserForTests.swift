import RunbookDocument
import RunbookParsing

enum RunbookParserForTests {
    static func parse(_ text: String) -> Runbook { RunbookParser().parse(text: text, path: "test.md") }
}
