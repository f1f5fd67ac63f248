import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// `runbook lessons`: lessons and notes across the runs of a runbook, grouped by step (run-wide
/// ones under no step), groups and entries newest first.
public enum LessonsQuery {
    public struct Group: Hashable, Sendable {
        /// `nil` for lessons and notes about the run as a whole.
        public var stepID: String?
        public var entries: [RecordedAnnotation]
    }

    public static func run(_ store: RecordStore, runbookID: String?) throws(RecordStoreError) -> [Group] {
        group(try store.annotations(runbookID: runbookID))
    }

    /// Groups annotations (newest first) by step, ordering groups by their newest entry.
    public static func group(_ annotations: [RecordedAnnotation]) -> [Group] {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for annotation in annotations {
            let key = annotation.stepID ?? "\u{0}run"
            if let position = index[key] {
                groups[position].entries.append(annotation)
            } else {
                index[key] = groups.count
                groups.append(Group(stepID: annotation.stepID, entries: [annotation]))
            }
        }
        return groups
    }

    public static func text(_ groups: [Group], prefixLengths: [String: Int]) -> String {
        var out = ""
        for group in groups {
            out += group.stepID.map { "\($0):\n" } ?? "The run as a whole:\n"
            for entry in group.entries {
                let id = String(entry.runID.prefix(prefixLengths[entry.runID] ?? 8))
                let kind = entry.kind == .lesson ? "lesson" : "note  "
                let lines = entry.text.split(separator: "\n", omittingEmptySubsequences: false)
                out += "  \(ExportTime.readable(entry.time))  \(id)  \(kind)  \(lines.first ?? "")\n"
                for line in lines.dropFirst() { out += "      \(line)\n" }
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
