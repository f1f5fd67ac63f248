import Foundation
import RunbookKit

/// The runbook catalog as a table for people and as JSON for scripts.
struct CatalogRenderer {
    let style: TextStyle
    /// The terminal's width, or nil when the output is not a terminal (nothing is cut then).
    var width: Int?

    /// One line per runbook, the title last so a narrow terminal cuts only the title.
    func table(_ runbooks: [Runbook], lastRuns: [String: RunRecord]) -> String {
        guard !runbooks.isEmpty else { return "No runbooks found.\n" }
        let idWidth = max(runbooks.map(\.id.count).max() ?? 2, 2)
        let versionWidth = max(runbooks.map { ($0.version ?? "-").count }.max() ?? 3, 3)
        let lastRunTexts = runbooks.map { runbook in
            lastRuns[runbook.id].map { "\(CatalogRenderer.when($0.startedAt)) \($0.status.rawValue)" } ?? "never"
        }
        let lastRunWidth = max(lastRunTexts.map(\.count).max() ?? 8, 8)
        func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
        let header = "\(pad("PRIORITY", 8))  \(pad("CATEGORY", 11))  \(pad("ID", idWidth))  \(pad("VER", versionWidth))  \(pad("LAST RUN", lastRunWidth))  TITLE"
        var lines = [style.bold(header)]
        for (runbook, lastRun) in zip(runbooks, lastRunTexts) {
            let priority = pad(runbook.priority.rawValue, 8)
            let coloured: String
            switch runbook.priority {
            case .critical: coloured = style.red(priority)
            case .high: coloured = style.yellow(priority)
            case .normal, .low: coloured = priority
            }
            let rest = "  \(pad(runbook.category?.rawValue ?? "-", 11))  \(pad(runbook.id, idWidth))  \(pad(runbook.version ?? "-", versionWidth))  \(pad(lastRun, lastRunWidth))  "
            let room = width.map { max(12, $0 - 8 - rest.count) }
            lines.append(coloured + rest + (room.map { runbook.title.truncated(to: $0) } ?? runbook.title))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ runbooks: [Runbook], lastRuns: [String: RunRecord]) -> [UInt8] {
        var json = JSONWriter()
        json.beginArray()
        for runbook in runbooks {
            json.beginObject()
            json.field("priority", runbook.priority)
            json.field("category", runbook.category)
            json.key("id"); json.string(runbook.id)
            json.key("title"); json.string(runbook.title)
            json.field("version", runbook.version)
            json.key("path"); json.string(runbook.path)
            json.field("tags", runbook.tags)
            if let run = lastRuns[runbook.id] {
                json.key("lastRun")
                json.beginObject()
                json.key("id"); json.string(run.id)
                json.key("status"); json.string(run.status.rawValue)
                json.key("startedAt"); json.string(iso8601(run.startedAt))
                if let finished = run.finishedAt { json.key("finishedAt"); json.string(iso8601(finished)) }
                json.endObject()
            }
            json.endObject()
        }
        json.endArray()
        return json.take() + [0x0A]
    }

    private static func when(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: date)
    }

    private static func iso8601(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
