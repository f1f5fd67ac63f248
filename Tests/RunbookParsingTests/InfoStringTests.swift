import RunbookDocument
import Testing

@testable import RunbookParsing

@Suite("Block attributes and durations")
struct InfoStringTests {
    @Test("runbook's own key=value form with quotes")
    func keyValue() {
        let result = InfoStringParser.parse(#"bash {id=snap confirm="type the pool name" timeout=5m quiet}"#)
        #expect(result.language == "bash")
        #expect(result.problem == nil)
        #expect(result.attributes["id"] == "snap")
        #expect(result.attributes["confirm"] == "type the pool name")
        #expect(result.attributes["timeout"] == "5m")
        #expect(result.attributes["quiet"] == "true")
    }

    @Test("Pandoc's #id and .class")
    func pandoc() {
        let result = InfoStringParser.parse("sh {#restore .destructive .slow}")
        #expect(result.attributes["id"] == "restore")
        #expect(result.attributes["class"] == "destructive slow")
    }

    @Test("Runme's JSON keeps the order written and stringifies scalars")
    func runmeJSON() {
        let result = InfoStringParser.parse(
            #"sh {"name":"x","interactive":false,"terminalRows":8,"note":"a \"q\" \u00e9"}"#)
        #expect(result.problem == nil)
        #expect(result.attributes.entries.map(\.key) == ["name", "interactive", "terminalRows", "note"])
        #expect(result.attributes["interactive"] == "false")
        #expect(result.attributes["terminalRows"] == "8")
        #expect(result.attributes["note"] == "a \"q\" é")
    }

    @Test("Words after the language without braces, and Runme's spaced braces")
    func bareWords() {
        #expect(InfoStringParser.parse("sh { name=update-brew }").attributes["name"] == "update-brew")
        #expect(InfoStringParser.parse("bash id=x").attributes["id"] == "x")
        #expect(InfoStringParser.parse("BASH").language == "bash")
        #expect(InfoStringParser.parse("").language == "")
    }

    @Test("Unreadable attributes say why")
    func problems() {
        #expect(InfoStringParser.parse("bash {id=x").problem?.contains("never closed") == true)
        #expect(InfoStringParser.parse(#"bash {confirm="open}"#).problem?.contains("never closed") == true)
        #expect(InfoStringParser.parse(#"sh {"name": [1]}"#).problem?.contains("JSON") == true)
        #expect(InfoStringParser.parse("sh {=x}").problem?.contains("no name") == true)
    }

    @Test("Durations as operators write them")
    func durations() {
        #expect(DurationParser.seconds(from: "90") == 90)
        #expect(DurationParser.seconds(from: "90s") == 90)
        #expect(DurationParser.seconds(from: "5m") == 300)
        #expect(DurationParser.seconds(from: "1h30m") == 5400)
        #expect(DurationParser.seconds(from: "1.5h") == 5400)
        #expect(DurationParser.seconds(from: "250ms") == 0.25)
        #expect(DurationParser.seconds(from: "soon") == nil)
        #expect(DurationParser.seconds(from: "5x") == nil)
        #expect(DurationParser.seconds(from: "-1") == nil)
    }

    @Test("Console transcripts: prompts, continuations, output")
    func console() {
        let transcript = ConsoleTranscript("$ echo a \\\n> b\na b\n$ true\n\n")
        #expect(transcript.commands == "echo a \\\nb\ntrue\n")
        #expect(transcript.expectedOutput == "a b\n")
        #expect(transcript.firstOutputLineIndex == 2)
        let bare = ConsoleTranscript("oc get pods\n")
        #expect(bare.commands == "oc get pods\n")
        #expect(bare.expectedOutput == nil)
    }
}
