import Foundation
import RunbookDocument
import RunbookExport
import RunbookParsing

/// `runbook binder`: finds the runbooks under some paths and binds them, most critical first.
public enum BinderBuilder {
    /// What was bound, and what was left out with why (a file that could not be read, a
    /// runbook with errors that would mislead on paper).
    public struct Outcome: Sendable {
        public var binder: Binder
        public var leftOut: [String]
    }

    public static func build(paths: [String], now: Date = Date()) -> Outcome {
        var runbooks: [Runbook] = []
        var leftOut: [String] = []
        for file in MarkdownFileFinder.files(in: paths) {
            do throws(RunbookReadError) {
                let runbook = try RunbookParser().parse(contentsOf: file.path)
                guard runbook.looksLikeRunbook else { continue }
                if let error = runbook.diagnostics.first(where: { $0.severity == .error }) {
                    leftOut.append(
                        "\(file.path): left out, it has errors (`runbook lint` explains): \(error.description)")
                    continue
                }
                runbooks.append(runbook)
            } catch {
                leftOut.append("\(file.path): left out, \(error.description)")
            }
        }
        let stamp = ISO8601DateFormatter.string(
            from: now, timeZone: TimeZone(identifier: "UTC")!,
            formatOptions: [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime])
        return Outcome(binder: Binder(runbooks: runbooks, generatedAt: stamp + " UTC"), leftOut: leftOut)
    }
}
