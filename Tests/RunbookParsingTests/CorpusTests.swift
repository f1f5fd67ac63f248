import Foundation
import RunbookDocument
import Testing

@testable import RunbookParsing

@Suite("The shared corpus of real runbooks")
struct CorpusTests {
    @Test("Every corpus file parses without an error diagnostic", .enabled(if: FixtureSupport.corpusExists))
    func wholeCorpus() throws {
        let files = MarkdownFileFinder.files(in: [FixtureSupport.corpus.path])
        #expect(files.count > 500)
        var errors: [String] = []
        var steps = 0
        for file in files {
            let runbook = try RunbookParser().parse(contentsOf: file.path)
            errors += runbook.diagnostics.filter { $0.severity == .error }.map(\.description)
            steps += runbook.allSteps.count
            // Every id is unique within its runbook, whatever the document wrote.
            let ids = runbook.allSteps.map(\.id)
            #expect(Set(ids).count == ids.count, "duplicate ids in \(file.path)")
        }
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
        #expect(steps > 1000)
    }

    @Test("The corpus's Runme documents keep their names", .enabled(if: FixtureSupport.corpusExists))
    func runmeNames() throws {
        let path = FixtureSupport.corpus.appendingPathComponent("runme").path
        let files = MarkdownFileFinder.files(in: [path])
        let named = try files.flatMap { try RunbookParser().parse(contentsOf: $0.path).steps }.filter {
            $0.declaredID != nil
        }
        #expect(named.contains { $0.id == "update-brew" })
        #expect(named.contains { $0.aliases == ["01HJS341EYAN1QPKK7D835C6FD"] && $0.id == "iam-session" })
    }
}
