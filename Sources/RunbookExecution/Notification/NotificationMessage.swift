import Foundation
import RunbookBytes
import RunbookDocument

/// What a `notify:` target is told: one run event, its facts taken from the record (already
/// redacted there) and redacted again here, as JSON and as the bodies webhooks take.
public struct NotificationMessage: Sendable {
    public var trigger: NotificationTarget.Trigger
    public var runID: String
    public var runbookID: String
    public var title: String
    /// The run's status after the event.
    public var status: String
    public var stepID: String?
    public var detail: String
    public var host: String
    public var operatorName: String
    public var time: Date
    /// The event's sequence number in the run's log.
    public var sequence: Int

    /// One line a person reads in a chat or on a phone.
    public var summary: String {
        var text = "runbook: \(title) — run \(runID.prefix(10)) "
        switch trigger {
        case .deviation: text += "deviated"
        case .failed: text += status == "failed" ? "failed" : "ended \(status)"
        default: text += trigger.rawValue
        }
        if let stepID { text += " at step \(stepID)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text + " (\(operatorName)@\(host))"
    }

    /// runbook's own event JSON: what a command reads on stdin and a `json` webhook receives.
    public var json: [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.field("event", trigger.rawValue)
        writer.field("runID", runID)
        writer.field("runbook", runbookID)
        writer.field("title", title)
        writer.field("status", status)
        writer.field("step", stepID)
        writer.field("detail", detail)
        writer.field("host", host)
        writer.field("operator", operatorName)
        writer.field("time", Self.iso(time))
        writer.field("sequence", sequence)
        writer.field("summary", summary)
        writer.endObject()
        return writer.take()
    }

    /// The values a template's `{{name}}` placeholders name.
    var placeholders: [String: String] {
        [
            "event": trigger.rawValue, "runID": runID, "runbook": runbookID, "title": title, "status": status,
            "step": stepID ?? "", "detail": detail, "host": host, "operator": operatorName, "time": Self.iso(time),
            "summary": summary,
        ]
    }

    /// The body `format` takes, posted to `url` (ntfy's JSON goes to the server's root, the
    /// topic in the body), with its content type.
    func webhookRequest(_ format: NotificationTarget.WebhookFormat, url: String) -> (
        url: String, body: [UInt8], contentType: String
    ) {
        var writer = JSONWriter(capacity: 512)
        switch format {
        case .json:
            return (url, json, "application/json")
        case .slack:
            writer.beginObject()
            writer.field("text", summary)
            writer.endObject()
        case .matrix:
            writer.beginObject()
            writer.field("text", summary)
            writer.field("username", "runbook")
            writer.endObject()
        case .ntfy:
            var components = URLComponents(string: url)
            let path = components?.path ?? ""
            let topic = path.split(separator: "/").last.map(String.init) ?? ""
            components?.path = String(path.dropLast(topic.count))
            writer.beginObject()
            writer.field("topic", topic)
            writer.field("title", "\(title): \(trigger.rawValue)")
            writer.field("message", summary)
            writer.field("priority", trigger == .failed || trigger == .interrupted ? 4 : 3)
            writer.field("tags", [Self.tag(trigger)])
            writer.endObject()
            return (components?.string ?? url, writer.take(), "application/json")
        case .template(let template):
            return (url, Array(fill(template).utf8), "application/json")
        }
        return (url, writer.take(), "application/json")
    }

    /// `template` with each `{{name}}` replaced by its value, JSON-escaped without quotes; an
    /// unknown name is left as written.
    func fill(_ template: String) -> String {
        let values = placeholders
        var result = ""
        var rest = Substring(template)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if let value = values[name] {
                var writer = JSONWriter(capacity: value.utf8.count + 8)
                writer.string(value)
                result += String(decoding: writer.take().dropFirst().dropLast(), as: UTF8.self)
            } else {
                result += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    private static func tag(_ trigger: NotificationTarget.Trigger) -> String {
        switch trigger {
        case .failed: "x"
        case .paused: "pause_button"
        case .interrupted: "warning"
        case .completed: "white_check_mark"
        case .deviation: "twisted_rightwards_arrows"
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
