import Foundation
import RunbookKit

/// The runbook catalog as a table for people and as JSON for scripts.
struct CatalogRenderer {
    let style: TextStyle
    /// The width to fit, or nil to lay out every column at its natural width.
    var width: Int?

    /// One line per runbook, the title first; when the table is too wide the version, the
    /// category, the last run and the priority are left out in that order and titles wrap at
    /// word boundaries. Ids are never cut.
    func table(_ runbooks: [Runbook], lastRuns: [String: RunRecord]) -> String {
        guard !runbooks.isEmpty else { return "No runbooks found.\n" }
        var table = FittedTable(columns: [
            FittedTable.Column("TITLE", flexible: true), FittedTable.Column("ID"),
            FittedTable.Column("PRIORITY", dropRank: 4), FittedTable.Column("CATEGORY", dropRank: 2),
            FittedTable.Column("VER", dropRank: 1), FittedTable.Column("LAST RUN", dropRank: 3),
        ])
        for runbook in runbooks {
            let lastRun =
                lastRuns[runbook.id].map { "\(CatalogRenderer.when($0.startedAt)) \($0.status.rawValue)" } ?? "never"
            table.add([
                runbook.title, runbook.id, runbook.priority.rawValue, runbook.category?.rawValue ?? "-",
                runbook.version ?? "-", lastRun,
            ])
        }
        let lines = table.lineGroups(width: width) { row, column, cell in
            if row == 0 { return style.bold(cell) }
            guard column == 2 else { return cell }
            switch runbooks[row - 1].priority {
            case .critical: return style.red(cell)
            case .high: return style.yellow(cell)
            case .normal, .low: return cell
            }
        }
        return lines.joined().map { $0 + "\n" }.joined()
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
