import RunbookBytes

// The JSON of the document model, field for field what its Codable conformance writes (the
// tests compare the two); kept in one place so a new field is added next to its neighbours.

extension Severity: JSONWritable {}
extension Phase: JSONWritable {}
extension StepKind: JSONWritable {}
extension Step.Origin: JSONWritable {}
extension Section.Role: JSONWritable {}
extension Category: JSONWritable {}
extension Expectation: JSONWritable {}

extension TranscriptCommand: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("command", command)
        json.field("expectedOutput", expectedOutput)
        json.field("expectedExitStatus", expectedExitStatus)
        json.field("line", line)
        json.field("outputLine", outputLine)
        json.endObject()
    }
}
extension Priority: JSONWritable {}
extension Semantics: JSONWritable {}

extension SourceLocation: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.location(file: file, line: line, column: column)
    }
}

extension Diagnostic: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("severity", severity)
        json.keyedString("code", code)
        json.keyedString("message", message)
        json.field("location", location)
        json.endObject()
    }
}

extension Attributes.Entry: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("key", key)
        json.keyedString("value", value)
        json.endObject()
    }
}

extension Attributes: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) { json.array(entries) }
}

extension Confirmation: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        switch self {
        case .none: json.keyedString("kind", "none")
        case .yesNo: json.keyedString("kind", "yes-no")
        case .phrase(let phrase): json.keyedString("kind", "phrase"); json.keyedString("value", phrase)
        case .variable(let name): json.keyedString("kind", "variable"); json.keyedString("value", name)
        }
        json.endObject()
    }
}

extension CodeBlock: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("language", language)
        json.keyedString("info", info)
        json.field("attributes", attributes)
        json.keyedString("code", code)
        json.field("location", location)
        json.key("firstCodeLine"); json.int(firstCodeLine)
        json.field("isClosed", isClosed)
        json.field("isIndented", isIndented)
        json.endObject()
    }
}

extension ExpectedOutput: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("text", text)
        json.field("location", location)
        json.endObject()
    }
}

extension Variable: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("name", name)
        // A secret's default is a secret: shown as its placeholder, never in clear.
        json.field("default", isSecret ? defaultValue.map { _ in "[secret:\(name)]" } : defaultValue)
        json.field("description", description)
        json.field("pattern", pattern)
        json.field("secret", isSecret)
        json.field("location", location)
        json.endObject()
    }
}

extension HostInventory: JSONWritable {
    /// What its synthesized Codable conformance writes: both maps, keys sorted.
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("destinations")
        json.beginObject()
        for name in destinations.keys.sorted() {
            json.dynamicKey(name)
            json.string(destinations[name]!)
        }
        json.endObject()
        json.key("groups")
        json.beginObject()
        for name in groups.keys.sorted() {
            json.dynamicKey(name)
            json.array(groups[name]!)
        }
        json.endObject()
        json.endObject()
    }
}

extension Step: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("id", id)
        json.field("declaredID", declaredID)
        json.field("aliases", aliases)
        json.keyedString("title", title)
        json.field("kind", kind)
        json.field("phase", phase)
        json.field("origin", origin)
        json.keyedString("command", command)
        json.field("block", block)
        json.field("sectionIndex", sectionIndex)
        json.keyedString("context", context)
        json.field("expectedOutput", expectedOutput)
        if let transcript { json.field("transcript", transcript) }
        json.field("expectation", expectation)
        json.field("confirmation", confirmation)
        json.field("isDestructive", isDestructive)
        json.field("timeout", timeout)
        json.field("workingDirectory", workingDirectory)
        json.field("isInteractive", isInteractive)
        json.field("isExcluded", isExcluded)
        json.field("isChecked", isChecked)
        json.field("tags", tags)
        json.field("host", host)
        json.field("location", location)
        json.endObject()
    }
}

extension Section: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("title", title)
        json.key("level"); json.int(level)
        json.field("parent", parent)
        json.field("role", role)
        json.field("location", location)
        json.endObject()
    }
}

extension FrontMatter.Key: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("name", name)
        json.field("location", location)
        json.endObject()
    }
}

extension FrontMatter: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("text", text)
        json.field("location", location)
        json.key("bodyStartLine"); json.int(bodyStartLine)
        json.field("isValidYAML", isValidYAML)
        json.field("keys", keys)
        json.endObject()
    }
}

extension HTMLComment: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("text", text)
        json.field("location", location)
        json.key("endLine"); json.int(endLine)
        json.endObject()
    }
}

extension TestSettings: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("variables")
        json.beginObject()
        for name in variables.keys.sorted() {
            json.dynamicKey(name)
            json.string(variables[name] ?? "")
        }
        json.endObject()
        json.field("sandbox", sandbox)
        json.field("skip", skip)
        json.field("requires", requires)
        json.field("check", check)
        json.endObject()
    }
}

extension Contact: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("name", name)
        json.field("role", role)
        json.field("reach", reach)
        json.field("escalateWhen", escalateWhen)
        json.endObject()
    }
}

extension ChangelogEntry: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("date", date)
        json.field("version", version)
        json.keyedString("why", why)
        json.field("location", location)
        json.endObject()
    }
}

extension NotificationTarget: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("on", triggers.map(\.rawValue))
        switch action {
        case .command(let command):
            json.keyedString("command", command)
        case .webhook(let url, let format):
            json.keyedString("webhook", url)
            json.keyedString("format", format.name)
            if case .template(let template) = format { json.keyedString("template", template) }
        }
        json.field("location", location)
        json.endObject()
    }
}

extension Runbook: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.keyedString("path", path)
        json.keyedString("id", id)
        json.keyedString("title", title)
        json.field("version", version)
        json.field("category", category)
        json.field("priority", priority)
        json.field("tags", tags)
        json.field("semantics", semantics)
        json.keyedString("shell", shell)
        json.field("environment", environment)
        json.field("workingDirectory", workingDirectory)
        json.field("description", description)
        json.field("expectation", expectation)
        json.field("test", test)
        json.field("contacts", contacts)
        json.field("changelog", changelog)
        json.field("notify", notify)
        json.field("variables", variables)
        json.field("hosts", hosts)
        json.field("defaultHost", defaultHost)
        json.field("prerequisites", prerequisites)
        json.field("steps", steps)
        json.field("validation", validation)
        json.field("rollback", rollback)
        json.field("sections", sections)
        json.field("otherBlocks", otherBlocks)
        json.field("comments", comments)
        json.field("frontMatter", frontMatter.map(withSecretDefaultsHidden))
        json.keyedString("contentHash", contentHash)
        json.key("lineCount"); json.int(lineCount)
        json.field("diagnostics", diagnostics)
        json.endObject()
    }
}

extension Runbook {
    /// The front matter with each secret variable's default replaced by `[secret:NAME]`: the
    /// raw YAML spells the value out.
    fileprivate func withSecretDefaultsHidden(_ frontMatter: FrontMatter) -> FrontMatter {
        var hidden = frontMatter
        for variable in variables where variable.isSecret {
            guard let value = variable.defaultValue, !value.isEmpty else { continue }
            hidden.text = hidden.text.replacingOccurrences(of: value, with: "[secret:\(variable.name)]")
        }
        return hidden
    }
}
