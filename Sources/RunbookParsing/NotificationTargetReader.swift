import Foundation
import RunbookDocument
import Yams

/// Reads a `notify:` list (front matter or the configuration file) into targets, with a
/// `front-matter-type` diagnostic at the entry's file:line for every malformed one: a
/// notification that silently never fires is found out on the night it was needed.
public struct NotificationTargetReader {
    let path: String
    /// Lines before the YAML text in the file.
    let lineOffset: Int
    public private(set) var diagnostics: [Diagnostic] = []

    public init(path: String, lineOffset: Int) {
        self.path = path
        self.lineOffset = lineOffset
    }

    static let fields = ["on", "command", "webhook", "format", "template"]

    /// The targets of the list `node`; malformed entries are left out and named in `diagnostics`.
    public mutating func read(_ node: Node) -> [NotificationTarget] {
        guard let sequence = node.sequence else {
            problem("'notify' must be a list of {on, command} or {on, webhook, format} entries", at: node)
            return []
        }
        return sequence.compactMap { entry($0) }
    }

    private mutating func entry(_ node: Node) -> NotificationTarget? {
        guard let mapping = node.mapping else {
            problem("a 'notify' entry must be a mapping such as {on: [failed], command: …}", at: node)
            return nil
        }
        var triggers: [NotificationTarget.Trigger]?
        var command: String?
        var webhook: String?
        var format: String?
        var template: String?
        var valid = true
        for (keyNode, value) in mapping {
            let field = keyNode.string ?? ""
            switch field {
            case "on":
                triggers = self.triggers(value)
                if triggers == nil { valid = false }
            case "command", "webhook", "format", "template":
                guard let text = value.scalar?.string, !text.isEmpty else {
                    problem("the 'notify' field '\(field)' must be a single non-empty value", at: value)
                    valid = false
                    continue
                }
                switch field {
                case "command": command = text
                case "webhook": webhook = text
                case "format": format = text.lowercased()
                default: template = text
                }
            default:
                problem(
                    "a 'notify' entry has an unknown field '\(field)'; known fields are \(Self.fields.joined(separator: ", "))",
                    at: keyNode)
                valid = false
            }
        }
        guard valid else { return nil }
        guard let triggers else {
            problem(
                "a 'notify' entry needs 'on:', a list of \(Self.triggerNames) saying when it is told", at: node)
            return nil
        }
        let at = location(of: node)
        switch (command, webhook) {
        case (let command?, nil):
            if format != nil || template != nil {
                problem(
                    "a 'notify' command reads the event as JSON on stdin; 'format' and 'template' are for webhooks",
                    at: node)
                return nil
            }
            return NotificationTarget(triggers: triggers, action: .command(command), location: at)
        case (nil, let url?):
            guard Self.isWebhookURL(url) else {
                problem("the 'notify' webhook '\(url)' is not an http:// or https:// URL with a host", at: node)
                return nil
            }
            guard let format = webhookFormat(format, template: template, at: node) else { return nil }
            return NotificationTarget(triggers: triggers, action: .webhook(url: url, format: format), location: at)
        case (nil, nil):
            problem("a 'notify' entry needs either 'command:' or 'webhook:'", at: node)
            return nil
        default:
            problem("a 'notify' entry has both 'command:' and 'webhook:'; write two entries", at: node)
            return nil
        }
    }

    private static var triggerNames: String {
        NotificationTarget.Trigger.allCases.map(\.rawValue).joined(separator: ", ")
    }

    private mutating func triggers(_ node: Node) -> [NotificationTarget.Trigger]? {
        let names: [(String, Node)]
        if let scalar = node.scalar {
            names = [(scalar.string, node)]
        } else if let sequence = node.sequence {
            names = sequence.map { ($0.scalar?.string ?? "", $0) }
        } else {
            problem("'on' must be a list of \(Self.triggerNames)", at: node)
            return nil
        }
        var triggers: [NotificationTarget.Trigger] = []
        for (name, element) in names {
            guard let trigger = NotificationTarget.Trigger(rawValue: name.lowercased()) else {
                problem("'on' names '\(name)', which is not one of \(Self.triggerNames)", at: element)
                return nil
            }
            if !triggers.contains(trigger) { triggers.append(trigger) }
        }
        if triggers.isEmpty {
            problem("'on' is empty: name at least one of \(Self.triggerNames)", at: node)
            return nil
        }
        return triggers
    }

    private mutating func webhookFormat(_ name: String?, template: String?, at node: Node)
        -> NotificationTarget.WebhookFormat?
    {
        switch name {
        case nil: return template.map { .template($0) } ?? .json
        case "template"?:
            guard let template else {
                problem("a 'notify' webhook with format 'template' needs 'template:', the body to post", at: node)
                return nil
            }
            return .template(template)
        case "json"?, "ntfy"?, "slack"?, "matrix"?:
            if template != nil {
                problem("'template:' is used only with format 'template' (or no format)", at: node)
                return nil
            }
            switch name {
            case "ntfy"?: return .ntfy
            case "slack"?: return .slack
            case "matrix"?: return .matrix
            default: return .json
            }
        case let other?:
            problem("the 'notify' format '\(other)' is not one of json, ntfy, slack, matrix, template", at: node)
            return nil
        }
    }

    /// `http://` or `https://`, then a host.
    static func isWebhookURL(_ url: String) -> Bool {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    private func location(of node: Node) -> SourceLocation {
        node.mark.map { SourceLocation(file: path, line: $0.line + lineOffset, column: $0.column) }
            ?? SourceLocation(file: path, line: lineOffset + 1)
    }

    private mutating func problem(_ text: String, at node: Node) {
        let sentence = text.prefix(1).uppercased() + text.dropFirst() + "."
        diagnostics.append(Diagnostic(.error, code: "front-matter-type", sentence, at: location(of: node)))
    }
}
