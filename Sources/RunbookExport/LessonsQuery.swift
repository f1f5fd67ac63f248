import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// `runbook lessons`: lessons and notes across the runs of a runbook, grouped by step (run-wide
/// ones under no step), groups and entries newest first.
public enum LessonsQuery {
    public struct Group: Hashable, Sendable {
        /// The runbook whose runs the entries come from.
        public var runbookID: String = ""
        /// `nil` for lessons and notes about the run as a whole.
        public var stepID: String?
        public var entries: [RecordedAnnotation]
    }

    public static func run(_ store: RecordStore, runbookID: String?) throws(RecordStoreError) -> [Group] {
        group(try store.annotations(runbookID: runbookID))
    }

    /// Groups annotations (newest first) by runbook, then step, ordering runbooks and groups
    /// by their newest entry: a step id of one runbook says nothing about another's.
    public static func group(_ annotations: [RecordedAnnotation]) -> [Group] {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for annotation in annotations {
            let key = annotation.runbookID + "\u{0}" + (annotation.stepID ?? "\u{0}run")
            if let position = index[key] {
                groups[position].entries.append(annotation)
            } else {
                index[key] = groups.count
                groups.append(Group(runbookID: annotation.runbookID, stepID: annotation.stepID, entries: [annotation]))
            }
        }
        let runbooks = groups.map(\.runbookID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return runbooks.flatMap { runbook in groups.filter { $0.runbookID == runbook } }
    }

    /// The groups as text; under a heading per runbook when they come from several. Entries
    /// wrap at word boundaries to `width` columns when given.
    public static func text(_ groups: [Group], prefixLengths: [String: Int], width: Int? = nil) -> String {
        var out = ""
        let grouped = Set(groups.map(\.runbookID)).count > 1
        var runbook: String?
        for group in groups {
            if grouped, group.runbookID != runbook {
                runbook = group.runbookID
                out += "\(group.runbookID)\n"
            }
            let indent = grouped ? "  " : ""
            out += indent + (group.stepID.map { "\($0):\n" } ?? "The run as a whole:\n")
            for entry in group.entries {
                let id = String(entry.runID.prefix(prefixLengths[entry.runID] ?? 8))
                let kind = entry.kind == .lesson ? "lesson" : "note"
                out += "\(indent)  \(ExportTime.readable(entry.time))  \(id)  \(kind)\n"
                for line in WordWrap.lines(entry.text, width: width ?? Int.max, indent: indent + "    ") {
                    out += line + "\n"
                }
            }
            out += "\n"
        }
        return out
    }

    public static func json(_ groups: [Group]) -> [UInt8] {
        var json = JSONWriter()
        json.beginArray()
        for group in groups {
            json.beginObject()
            json.field("runbookID", group.runbookID)
            json.field("stepID", group.stepID)
            json.key("entries")
            json.beginArray()
            for entry in group.entries {
                json.beginObject()
                json.field("runID", entry.runID)
                json.field("time", ExportTime.iso(entry.time))
                json.field("kind", entry.kind.rawValue)
                json.field("text", entry.text)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        var bytes = json.take()
        bytes.append(0x0A)
        return bytes
    }
}
