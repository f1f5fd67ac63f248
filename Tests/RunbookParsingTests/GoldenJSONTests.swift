import Foundation
import RunbookBytes
import RunbookDocument
import RunbookTestSupport
import Testing

@testable import RunbookParsing

/// The parsed model of each fixture, as `runbook show --json` writes it, against a golden file.
/// Set `RUNBOOK_UPDATE_GOLDEN=1` to rewrite the golden files after an intended change, then
/// read the diff before committing it.
@Suite("Golden JSON of the fixtures")
struct GoldenJSONTests {
    static let fixtures = ["full.md", "prose.md", "runme.md", "broken.md", "types.md"]

    @Test("The model matches its golden file", arguments: fixtures)
    func golden(name: String) throws {
        let runbook = try FixtureSupport.fixture(name)
        var writer = JSONWriter()
        runbook.writeJSON(to: &writer)
        let written = Data(writer.take())
        let goldenURL = FixtureSupport.fixtures.appendingPathComponent(
            name.replacingOccurrences(of: ".md", with: ".json"))
        if ProcessInfo.processInfo.environment["RUNBOOK_UPDATE_GOLDEN"] == "1" {
            let pretty = try JSONSerialization.data(
                withJSONObject: try JSONSerialization.jsonObject(with: written), options: [.prettyPrinted, .sortedKeys])
            try (pretty + Data("\n".utf8)).write(to: goldenURL)
        }
        // Compared as typed JSON values: through NSDictionary, `true` would equal `1`.
        let actual = try JSONValue.parse(written)
        let expected = try JSONValue.parse(Data(contentsOf: goldenURL))
        #expect(
            actual == expected,
            "\(name) differs from its golden JSON at \(actual.firstDifference(from: expected) ?? "?")")
    }

    @Test("JSONWriter writes what Codable writes, and Codable reads it back", arguments: fixtures)
    func writerMatchesCodable(name: String) throws {
        let runbook = try FixtureSupport.fixture(name)
        var writer = JSONWriter()
        runbook.writeJSON(to: &writer)
        let written = Data(writer.take())
        let encoded = try JSONEncoder().encode(runbook)
        let fromWriter = try JSONValue.parse(written)
        let fromCodable = try JSONValue.parse(encoded)
        #expect(fromWriter == fromCodable, "\(fromWriter.firstDifference(from: fromCodable) ?? "")")
        #expect(try JSONDecoder().decode(Runbook.self, from: written) == runbook)
    }

    @Test("hosts, the default host and a step's host: the writer writes what Codable writes")
    func writerMatchesCodableWithHosts() throws {
        let runbook = FixtureSupport.parse(
            "---\ntitle: H\nhost: pve\nhosts:\n  pve: root@pve\n  both: [pve, backup]\n---\n# H\n\n```bash {host=@both}\nuptime\n```\n"
        )
        var writer = JSONWriter()
        runbook.writeJSON(to: &writer)
        let written = Data(writer.take())
        let fromWriter = try JSONValue.parse(written)
        let fromCodable = try JSONValue.parse(try JSONEncoder().encode(runbook))
        #expect(fromWriter == fromCodable, "\(fromWriter.firstDifference(from: fromCodable) ?? "")")
        #expect(try JSONDecoder().decode(Runbook.self, from: written) == runbook)
    }

    @Test("Strings with quotes, control characters and Unicode survive JSON")
    func escaping() throws {
        var writer = JSONWriter()
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{7} é 🚀"
        writer.beginArray(); writer.string(tricky); writer.double(1.5); writer.double(.nan); writer.endArray()
        let decoded = try JSONSerialization.jsonObject(with: Data(writer.take())) as? [Any]
        #expect(decoded?.first as? String == tricky)
        #expect(decoded?[1] as? Double == 1.5)
        #expect(decoded?[2] is NSNull)
    }
}
