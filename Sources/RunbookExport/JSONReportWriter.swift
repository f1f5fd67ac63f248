import Foundation
import RunbookBytes
import RunbookDocument
import RunbookRecords

/// The part of the JSON export written for readers rather than for `import`: the summary
/// (outcome, counts, deviations, skips, edits, pauses, notes, lessons) and every step with every
/// attempt, all read from the report (so from the fold), as the Markdown and HTML exports say it.
enum JSONReportWriter {
    /// `"summary":{…},\n"steps":[…]` (no braces around), for the export's top-level object.
    static func write(_ report: RunReport, to out: inout [UInt8]) {
        var json = JSONWriter(capacity: 4096 + report.eventCount * 160)
        json.key("summary")
        summary(report, to: &json)
        out += json.take()
        out += Array(",\n\"steps\":[".utf8)
        var first = true
        for step in report.steps {
            out += Array((first ? "\n" : ",\n").utf8)
            first = false
            self.step(step, report, to: &json)
            out += json.take()
        }
        out += Array("\n]".utf8)
    }

    private static func summary(_ report: RunReport, to json: inout JSONWriter) {
        json.beginObject()
        json.field("outcome", report.status.rawValue)
        json.field("reason", report.finishReason ?? report.pauseReason)
        if !report.contacts.isEmpty {
            json.key("contacts")
            json.beginArray()
            for contact in report.contacts { contact.writeJSON(to: &json) }
            json.endArray()
        }
        let counts = report.counts
        json.key("counts")
        json.beginObject()
        json.field("steps", counts.steps)
        json.field("done", counts.done)
        json.field("skipped", counts.skipped)
        json.field("edited", counts.edited)
        json.field("failed", counts.failed)
        json.field("interrupted", counts.interrupted)
        json.field("checks", counts.checks)
        json.field("checksRun", counts.checksRun)
        json.field("checksPassed", counts.checksPassed)
        json.endObject()
        json.key("deviations")
        json.beginArray()
        for deviation in report.deviations {
            json.beginObject()
            json.field("stepID", deviation.stepID)
            json.field("kind", deviation.deviation.kind.rawValue)
            json.field("detail", deviation.deviation.detail)
            json.endObject()
        }
        json.endArray()
        json.key("skips")
        json.beginArray()
        for step in report.steps {
            guard let skip = step.skip else { continue }
            json.beginObject()
            json.field("stepID", step.id)
            json.field("why", skip.why.rawValue)
            json.field("reason", skip.reason)
            json.endObject()
        }
        json.endArray()
        json.key("edits")
        json.beginArray()
        for step in report.editedSteps {
            json.beginObject()
            json.field("stepID", step.id)
            json.key("attempts")
            json.beginArray()
            for attempt in step.attempts where step.isEdited(attempt) { json.int(attempt.number) }
            json.endArray()
            json.field("lastAttemptEdited", step.isEdited)
            json.endObject()
        }
        json.endArray()
        json.key("pauses")
        json.beginArray()
        for stop in report.stops {
            json.beginObject()
            json.field("reason", stop.reason)
            json.field("interrupted", stop.isInterruption)
            json.field("signal", stop.signal)
            json.field("stepID", stop.stepID)
            json.field("time", ExportTime.iso(stop.time))
            json.field("resumedBy", stop.resumedBy)
            json.field("resumedOnHost", stop.resumedOnHost)
            json.field("resumedAt", stop.resumedAt.map(ExportTime.iso))
            json.endObject()
        }
        json.endArray()
        json.key("notes")
        json.beginArray()
        for note in report.allNotes {
            json.beginObject()
            json.field("stepID", note.stepID)
            json.field("text", note.text)
            json.endObject()
        }
        json.endArray()
        json.field("lessons", report.lessons)
        json.endObject()
    }

    private static func step(_ step: RunReport.StepReport, _ report: RunReport, to json: inout JSONWriter) {
        json.beginObject()
        json.field("id", step.id)
        json.field("title", step.title)
        json.field("phase", step.phase.rawValue)
        json.field("status", step.status.rawValue)
        json.field("edited", step.isEdited)
        json.field("written", step.writtenCommand)
        json.key("attempts")
        json.beginArray()
        for attempt in step.attempts {
            json.beginObject()
            json.field("number", attempt.number)
            json.field("command", attempt.command)
            json.field("edited", step.isEdited(attempt))
            json.field("operator", attempt.operatorName)
            json.field("host", attempt.host)
            if let remote = attempt.remoteHost { json.field("remoteHost", remote) }
            json.field("startedAt", ExportTime.iso(attempt.startedAt))
            if let confirmation = attempt.confirmation {
                json.key("confirmation")
                json.beginObject()
                json.field("method", confirmation.method.rawValue)
                json.field("requirement", confirmation.requirement)
                json.endObject()
            }
            switch attempt.ending {
            case .running: json.field("ending", "running")
            case .runnerDied: json.field("ending", "runner-died")
            case .finished(let finish):
                json.field("ending", "finished")
                json.field("outcome", finish.outcome.rawValue)
                json.field("exitCode", finish.exitCode)
                json.field("signal", finish.signal)
                json.field("durationSeconds", finish.durationSeconds)
                json.field("error", finish.error)
                if let match = finish.match { json.field("outputMatched", match.matched) }
            }
            json.key("outputs")
            json.beginArray()
            for output in attempt.outputs { output.writeJSON(to: &json) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}
