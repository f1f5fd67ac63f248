/// One `notify:` entry (front matter or the configuration file): which run events it is told
/// about, and how: a command that reads the event as JSON on stdin, or a webhook.
public struct NotificationTarget: Hashable, Sendable, Codable {
    /// What happened to the run that a target can ask to hear about.
    public enum Trigger: String, Hashable, Sendable, Codable, CaseIterable {
        /// The run ended failed, aborted or rolled back.
        case failed
        case paused
        case interrupted
        case completed
        /// A deviation was recorded (a skip, an edit, an override, an output mismatch, …).
        case deviation
    }

    /// The body a webhook receives.
    public enum WebhookFormat: Hashable, Sendable {
        /// runbook's own event JSON (the same a command reads on stdin).
        case json
        /// ntfy's JSON publishing: `{topic, title, message, priority, tags}` posted to the
        /// server's root, the topic being the URL's last path component.
        case ntfy
        /// A Slack (or Mattermost, Rocket.Chat) incoming webhook: `{"text": …}`.
        case slack
        /// A Matrix hookshot generic webhook: `{"text": …, "username": "runbook"}`.
        case matrix
        /// The author's own body: `{{name}}` placeholders replaced by the event's values,
        /// JSON-escaped, so a template that is a JSON document stays one.
        case template(String)

        /// The name the `format:` key uses.
        public var name: String {
            switch self {
            case .json: "json"
            case .ntfy: "ntfy"
            case .slack: "slack"
            case .matrix: "matrix"
            case .template: "template"
            }
        }
    }

    /// How the event is delivered.
    public enum Action: Hashable, Sendable {
        /// A shell command (`bash -c`), the event as JSON on its stdin.
        case command(String)
        case webhook(url: String, format: WebhookFormat)
    }

    public var triggers: [Trigger]
    public var action: Action
    /// Where the entry was written, for messages about it.
    public var location: SourceLocation?

    public init(triggers: [Trigger], action: Action, location: SourceLocation? = nil) {
        self.triggers = triggers
        self.action = action
        self.location = location
    }

    /// True when this target asks to hear about `trigger`.
    public func wants(_ trigger: Trigger) -> Bool { triggers.contains(trigger) }
}

// Written as the front matter spells an entry: `{on, command}` or `{on, webhook, format,
// template?}`, with its location.
extension NotificationTarget {
    private enum CodingKeys: String, CodingKey {
        case on, command, webhook, format, template, location
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        triggers = try container.decode([Trigger].self, forKey: .on)
        location = try container.decodeIfPresent(SourceLocation.self, forKey: .location)
        if let command = try container.decodeIfPresent(String.self, forKey: .command) {
            action = .command(command)
            return
        }
        let url = try container.decode(String.self, forKey: .webhook)
        let format: WebhookFormat
        switch try container.decode(String.self, forKey: .format) {
        case "ntfy": format = .ntfy
        case "slack": format = .slack
        case "matrix": format = .matrix
        case "template": format = .template(try container.decode(String.self, forKey: .template))
        default: format = .json
        }
        action = .webhook(url: url, format: format)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(triggers, forKey: .on)
        switch action {
        case .command(let command):
            try container.encode(command, forKey: .command)
        case .webhook(let url, let format):
            try container.encode(url, forKey: .webhook)
            try container.encode(format.name, forKey: .format)
            if case .template(let template) = format { try container.encode(template, forKey: .template) }
        }
        try container.encodeIfPresent(location, forKey: .location)
    }
}
