import RunbookDocument
import Yams

/// Turns the front matter's YAML into typed values, naming the key and its file:line:col for
/// every value of the wrong type. Unknown keys are kept for lint; nothing here is fatal.
struct FrontMatterDecoder {
    /// A prerequisite, validation or rollback entry, before it gets a step id.
    struct Item {
        var phase: Phase
        var name: String?
        var run: String?
        var expect: String?
        var confirmation: Confirmation
        var timeout: Double?
        var host: String? = nil
        var location: SourceLocation
    }

    struct Values {
        var id: String?
        var title: String?
        var version: String?
        var category: Category?
        var priority: Priority?
        var tags: [String] = []
        /// A `category` that is not one of runbook's three: Runme's free document tag.
        var categoryTag: String?
        /// The front matter has a `runme` key.
        var hasRunmeKey = false
        var shell: String?
        var environment: [Variable] = []
        var workingDirectory: String?
        var description: String?
        var expectation: Expectation?
        var test: TestSettings?
        var contacts: [Contact] = []
        var notify: [NotificationTarget] = []
        var changelog: [ChangelogEntry] = []
        var variables: [Variable] = []
        var items: [Item] = []
        var host: String?
        var hosts = HostInventory()
    }

    /// `Constructor.default` builds its tables anew on every use; one shared instance does the
    /// same work once. Its tables are constants, so threads can share it.
    private nonisolated(unsafe) static let constructor = Constructor.default

    let path: String
    /// Lines before the YAML text in the file (the opening `---` line).
    let lineOffset: Int
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, lineOffset: Int) {
        self.path = path
        self.lineOffset = lineOffset
    }

    /// Decodes `yaml`; returns the front-matter description and the typed values.
    mutating func decode(_ yaml: String, openingLine: Int, bodyStartLine: Int) -> (FrontMatter, Values) {
        let opening = SourceLocation(file: path, line: openingLine, column: 1)
        if let plain = decodePlain(yaml, opening: opening, bodyStartLine: bodyStartLine) { return plain }
        var values = Values()
        let root: Node?
        do {
            // Naming the encoding spares Yams a look at the process environment on every parse.
            // The basic resolver tags every scalar as a string: this decoder reads types itself
            // (see isNull and boolean), and implicit tag resolution cost more than the rest of
            // the YAML parse.
            root = try Yams.compose(yaml: yaml, .basic, FrontMatterDecoder.constructor, .utf8)
        } catch {
            diagnostics.append(yamlErrorDiagnostic(error, fallback: opening))
            return (
                FrontMatter(text: yaml, location: opening, bodyStartLine: bodyStartLine, isValidYAML: false, keys: []),
                values
            )
        }
        guard let root else {
            return (
                FrontMatter(text: yaml, location: opening, bodyStartLine: bodyStartLine, isValidYAML: true, keys: []),
                values
            )
        }
        guard let mapping = root.mapping else {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "front-matter-invalid",
                    "The front matter is not a YAML mapping of keys to values, so none of it was read.",
                    at: location(of: root) ?? opening))
            return (
                FrontMatter(text: yaml, location: opening, bodyStartLine: bodyStartLine, isValidYAML: false, keys: []),
                values
            )
        }
        var keys: [FrontMatter.Key] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            keys.append(FrontMatter.Key(name: key, location: location(of: keyNode) ?? opening))
            read(key: key, value: value, into: &values)
        }
        return (
            FrontMatter(text: yaml, location: opening, bodyStartLine: bodyStartLine, isValidYAML: true, keys: keys),
            values
        )
    }

    private mutating func read(key: String, value: Node, into values: inout Values) {
        switch key {
        case "id": values.id = scalar(value, key: key)
        case "title": values.title = scalar(value, key: key)
        case "version": values.version = scalar(value, key: key)
        case "description": values.description = scalar(value, key: key)
        case "shell": values.shell = scalar(value, key: key)
        case "cwd": values.workingDirectory = scalar(value, key: key)
        case "host": values.host = scalar(value, key: key)
        case "hosts": values.hosts = hosts(value)
        case "category":
            if let text = scalar(value, key: key) {
                category(text, at: location(of: value) ?? fallback, into: &values)
            }
        case "runme": values.hasRunmeKey = true
        case "priority":
            values.priority = choice(value, key: key, from: Priority.allCases.map(\.rawValue)).flatMap(Priority.init)
        case "tags": values.tags = stringList(value, key: key)
        case "expect":
            values.expectation = choice(value, key: key, from: Expectation.allCases.map(\.rawValue)).flatMap(
                Expectation.init)
        case "env": values.environment = environment(value)
        case "variables": values.variables = variables(value)
        case "prerequisites": values.items += items(value, key: key, phase: .prerequisite)
        case "validation": values.items += items(value, key: key, phase: .validation)
        case "rollback": values.items += items(value, key: key, phase: .rollback)
        case "test": values.test = testSettings(value)
        case "contacts": values.contacts = contacts(value)
        case "notify":
            var reader = NotificationTargetReader(path: path, lineOffset: lineOffset)
            values.notify = reader.read(value)
            diagnostics += reader.diagnostics
        case "changelog": values.changelog = changelog(value)
        default: break
        }
    }

    // MARK: - Plain front matter

    /// Front matter that is only `key: value` lines, as most is (`title: Node exporter down`,
    /// `weight: 10`), read without Yams, whose parse of even a few lines costs more than the rest
    /// of a runbook's parse. Anything YAML could read otherwise (quotes, lists, nesting,
    /// comments, colons or `#` in a value, repeated keys, tabs, non-ASCII text) and the keys
    /// whose values are lists or mappings go to Yams, so the result is the same either way.
    ///
    /// Every value here is a plain scalar that YAML reads as the text written: it starts with a
    /// letter or digit and holds only letters, digits, spaces and `_ . , / ( ) + = -`, with no
    /// space at the end.
    private mutating func decodePlain(_ yaml: String, opening: SourceLocation, bodyStartLine: Int) -> (
        FrontMatter, Values
    )? {
        guard let pairs = FrontMatterDecoder.plainPairs(yaml) else { return nil }
        var values = Values()
        var keys: [FrontMatter.Key] = []
        keys.reserveCapacity(pairs.count)
        for pair in pairs {
            keys.append(
                FrontMatter.Key(
                    name: pair.key, location: SourceLocation(file: path, line: pair.line + lineOffset, column: 1)))
            let valueLocation = SourceLocation(file: path, line: pair.line + lineOffset, column: pair.valueColumn)
            switch pair.key {
            case "id": values.id = pair.value
            case "title": values.title = pair.value
            case "version": values.version = pair.value
            case "description": values.description = pair.value
            case "shell": values.shell = pair.value
            case "cwd": values.workingDirectory = pair.value
            case "host": values.host = pair.value
            case "category": category(pair.value, at: valueLocation, into: &values)
            case "runme": values.hasRunmeKey = true
            case "priority":
                values.priority = choice(
                    pair.value, key: pair.key, from: Priority.allCases.map(\.rawValue), at: valueLocation
                )
                .flatMap(Priority.init)
            case "tags": values.tags = FrontMatterDecoder.commaList(pair.value)
            case "expect":
                values.expectation = choice(
                    pair.value, key: pair.key, from: Expectation.allCases.map(\.rawValue), at: valueLocation
                )
                .flatMap(Expectation.init)
            default: break
            }
        }
        return (
            FrontMatter(text: yaml, location: opening, bodyStartLine: bodyStartLine, isValidYAML: true, keys: keys),
            values
        )
    }

    private struct PlainPair {
        var key: String
        var value: String
        /// 1-based, within the YAML text, as Yams counts.
        var line: Int
        var valueColumn: Int
    }

    /// The `key: value` pairs of `yaml`, or nil when it is anything else (see `decodePlain`).
    private static func plainPairs(_ yaml: String) -> [PlainPair]? {
        var yaml = yaml
        return yaml.withUTF8 { bytes -> [PlainPair]? in
            var pairs: [PlainPair] = []
            var lineStart = 0
            var line = 1
            while lineStart <= bytes.count {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                if lineEnd > lineStart {
                    guard let pair = plainPair(UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd]), line: line)
                    else { return nil }
                    pairs.append(pair)
                }
                lineStart = lineEnd + 1
                line += 1
            }
            // Keys Yams would report (repeated) or values this path does not read (lists and
            // mappings) go the general way.
            guard !pairs.isEmpty, Set(pairs.map(\.key)).count == pairs.count,
                !pairs.contains(where: { complexKeys.contains($0.key) })
            else { return nil }
            return pairs
        }
    }

    private static let complexKeys: Set<String> = [
        "env", "variables", "prerequisites", "validation", "rollback", "test", "contacts", "changelog", "hosts",
        "notify",
    ]

    private static func plainPair(_ text: UnsafeBufferPointer<UInt8>, line: Int) -> PlainPair? {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
        }
        // key: a letter or `_`, then letters, digits, `_` and `-`; at most 128 bytes (YAML
        // limits implicit keys to 1024 characters).
        guard let first = text.first, ((first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A) || first == 0x5F else {
            return nil
        }
        var colon = 1
        while colon < text.count, isAlphanumeric(text[colon]) || text[colon] == 0x5F || text[colon] == 0x2D {
            colon += 1
        }
        guard colon <= 128, colon < text.count, text[colon] == 0x3A else { return nil }
        var valueStart = colon + 1
        guard valueStart < text.count, text[valueStart] == 0x20 else { return nil }
        while valueStart < text.count, text[valueStart] == 0x20 { valueStart += 1 }
        guard valueStart < text.count, isAlphanumeric(text[valueStart]), text[text.count - 1] != 0x20 else {
            return nil
        }
        for byte in text[valueStart...] {
            guard
                isAlphanumeric(byte) || byte == 0x20 || byte == 0x5F || byte == 0x2E || byte == 0x2C || byte == 0x2F
                    || byte == 0x28 || byte == 0x29 || byte == 0x2B || byte == 0x3D || byte == 0x2D
            else { return nil }
        }
        return PlainPair(
            key: String(decoding: UnsafeBufferPointer(rebasing: text[..<colon]), as: UTF8.self),
            value: String(decoding: UnsafeBufferPointer(rebasing: text[valueStart...]), as: UTF8.self),
            line: line, valueColumn: valueStart + 1)
    }

    // MARK: - Typed readers

    private mutating func scalar(_ node: Node, key: String) -> String? {
        if let scalar = node.scalar, scalar.style == .plain, scalar.string.isEmpty { return nil }
        guard let scalar = node.scalar else {
            typeError(key: key, expected: "a single value", node: node)
            return nil
        }
        return scalar.string
    }

    private mutating func choice(_ node: Node, key: String, from allowed: [String]) -> String? {
        guard let text = scalar(node, key: key) else { return nil }
        return choice(
            text, key: key, from: allowed, at: location(of: node) ?? SourceLocation(file: path, line: lineOffset + 1))
    }

    private mutating func choice(_ text: String, key: String, from allowed: [String], at location: SourceLocation)
        -> String?
    {
        let lowered = text.lowercased()
        guard allowed.contains(lowered) else {
            diagnostics.append(
                Diagnostic(
                    .error, code: "front-matter-type",
                    "The front matter key '\(key)' must be one of \(allowed.joined(separator: ", ")), not '\(text)'.",
                    at: location))
            return nil
        }
        return lowered
    }

    /// One of runbook's three categories, else (Runme's `category: solution-2`) a document tag
    /// with a warning: a free tag is no reason to refuse a document.
    private mutating func category(_ text: String, at location: SourceLocation, into values: inout Values) {
        if let known = Category(rawValue: text.lowercased()) {
            values.category = known
            return
        }
        values.categoryTag = text
        diagnostics.append(
            Diagnostic(
                .warning, code: "front-matter-category",
                "The category '\(text)' is not one of \(Category.allCases.map(\.rawValue).joined(separator: ", ")), so it is kept as a tag.",
                at: location))
    }

    /// `tags: zfs, backup`, the shorthand for a list.
    private static func commaList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    private mutating func stringList(_ node: Node, key: String) -> [String] {
        if let sequence = node.sequence {
            return sequence.compactMap { element in scalar(element, key: key) }
        }
        // `tags: zfs, backup` is a common shorthand; read it rather than reject it.
        if let text = node.scalar?.string {
            return FrontMatterDecoder.commaList(text)
        }
        typeError(key: key, expected: "a list of words", node: node)
        return []
    }

    /// `hosts: {backup: root@10.0.0.2, storage: [pve1, backup]}`: a name's ssh destination, or a
    /// group as a list of names.
    private mutating func hosts(_ node: Node) -> HostInventory {
        guard let mapping = node.mapping else {
            typeError(key: "hosts", expected: "a mapping of names to ssh destinations or lists of names", node: node)
            return HostInventory()
        }
        var inventory = HostInventory()
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let qualified = "hosts.\(name)"
            guard FrontMatterDecoder.isHostName(name) else {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "front-matter-type",
                        "The host name '\(name)' in 'hosts' must be letters, digits, '.', '_' or '-' (and not start with '-').",
                        at: location(of: keyNode) ?? fallback))
                continue
            }
            if value.sequence != nil {
                inventory.groups[name] = stringList(value, key: qualified)
            } else if let destination = scalar(value, key: qualified) {
                // A destination is handed to ssh as one argument after `--`: one starting with
                // `-` would still read as an option to some ssh front ends, so it is refused.
                guard !destination.hasPrefix("-"), !destination.contains(where: \.isWhitespace) else {
                    typeError(key: qualified, expected: "an ssh destination such as root@10.0.0.2", node: value)
                    continue
                }
                inventory.destinations[name] = destination
            }
        }
        return inventory
    }

    /// A name `host=` can use: ASCII letters, digits, `.`, `_`, `-`, not starting with `-`.
    static func isHostName(_ name: String) -> Bool {
        !name.hasPrefix("-") && Step.isValidID(name)
    }

    private mutating func environment(_ node: Node) -> [Variable] {
        guard let mapping = node.mapping else {
            typeError(key: "env", expected: "a mapping of NAME: value", node: node)
            return []
        }
        var result: [Variable] = []
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let text = scalar(value, key: "env.\(name)")
            result.append(Variable(name: name, defaultValue: text, location: location(of: keyNode) ?? fallback))
        }
        return result
    }

    private mutating func variables(_ node: Node) -> [Variable] {
        if let sequence = node.sequence {
            // Also accept a list: `- POOL` or `- {name: POOL, default: tank}`.
            return sequence.compactMap { element -> Variable? in
                if let name = element.scalar?.string {
                    return Variable(name: name, location: location(of: element) ?? fallback)
                }
                guard let mapping = element.mapping, let name = mapping["name"]?.string else {
                    typeError(key: "variables", expected: "a name or a mapping with 'name'", node: element)
                    return nil
                }
                return variable(named: name, spec: element, at: location(of: element) ?? fallback)
            }
        }
        guard let mapping = node.mapping else {
            typeError(
                key: "variables", expected: "a mapping of NAME: {default, description, pattern, secret}", node: node)
            return []
        }
        return mapping.map { keyNode, value in
            variable(named: keyNode.string ?? "", spec: value, at: location(of: keyNode) ?? fallback)
        }
    }

    private mutating func variable(named name: String, spec: Node, at location: SourceLocation) -> Variable {
        var variable = Variable(name: name, location: location)
        if let text = spec.scalar {
            // `POOL: media-pool` declares the default directly; `POOL:` alone declares no default.
            variable.defaultValue = FrontMatterDecoder.isNull(text) ? nil : text.string
            return variable
        }
        guard let mapping = spec.mapping else {
            typeError(key: "variables.\(name)", expected: "a default value or a mapping", node: spec)
            return variable
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let qualified = "variables.\(name).\(key)"
            switch key {
            case "default": variable.defaultValue = scalar(value, key: qualified)
            case "description": variable.description = scalar(value, key: qualified)
            case "pattern":
                variable.pattern = scalar(value, key: qualified)
                if let pattern = variable.pattern {
                    // Compiled here, so a broken pattern is reported with its line before any run.
                    do { _ = try VariablePattern(pattern) } catch {
                        diagnostics.append(
                            Diagnostic(
                                .error, code: "variable-pattern-invalid",
                                "The variable '\(name)': \(error).", at: self.location(of: value) ?? location))
                    }
                }
            case "secret": variable.isSecret = boolean(value, key: qualified)
            default:
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "front-matter-unknown-key",
                        "The variable '\(name)' has an unknown setting '\(key)'; known settings are default, description, pattern and secret.",
                        at: self.location(of: keyNode) ?? location))
            }
        }
        return variable
    }

    private mutating func items(_ node: Node, key: String, phase: Phase) -> [Item] {
        guard let sequence = node.sequence else {
            typeError(key: key, expected: "a list of sentences or {name, run} entries", node: node)
            return []
        }
        return sequence.compactMap { element in item(element, key: key, phase: phase) }
    }

    private mutating func item(_ node: Node, key: String, phase: Phase) -> Item? {
        let at = location(of: node) ?? fallback
        if let text = node.scalar?.string {
            return Item(
                phase: phase, name: text, run: nil, expect: nil, confirmation: .none, timeout: nil, location: at)
        }
        guard let mapping = node.mapping else {
            typeError(key: key, expected: "a sentence or a {name, run} entry", node: node)
            return nil
        }
        var item = Item(phase: phase, name: nil, run: nil, expect: nil, confirmation: .none, timeout: nil, location: at)
        for (keyNode, value) in mapping {
            let field = keyNode.string ?? ""
            let qualified = "\(key).\(field)"
            switch field {
            case "name": item.name = scalar(value, key: qualified)
            case "run": item.run = scalar(value, key: qualified)
            case "expect": item.expect = scalar(value, key: qualified)
            case "host": item.host = scalar(value, key: qualified)
            case "confirm":
                item.confirmation = scalar(value, key: qualified).map(Confirmation.init(attributeValue:)) ?? .none
            case "timeout":
                let text = scalar(value, key: qualified) ?? ""
                item.timeout = DurationParser.seconds(from: text)
                if item.timeout == nil {
                    typeError(key: qualified, expected: "a duration such as 90s, 5m or 1h", node: value)
                }
            default:
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "front-matter-unknown-key",
                        "A '\(key)' entry has an unknown field '\(field)'; known fields are name, run, expect, confirm, timeout and host.",
                        at: location(of: keyNode) ?? at))
            }
        }
        if item.name == nil && item.run == nil {
            diagnostics.append(
                Diagnostic(
                    .error, code: "front-matter-type",
                    "A '\(key)' entry needs at least a 'name' or a 'run' command.", at: at))
            return nil
        }
        return item
    }

    /// `test: {vars: {...}, sandbox: true, requires: [zfs], check: "zpool list", skip: "why"}`.
    private mutating func testSettings(_ node: Node) -> TestSettings? {
        guard let mapping = node.mapping else {
            typeError(key: "test", expected: "a mapping with vars, sandbox, requires, check or skip", node: node)
            return nil
        }
        var settings = TestSettings()
        for (keyNode, value) in mapping {
            let field = keyNode.string ?? ""
            let qualified = "test.\(field)"
            switch field {
            case "vars":
                guard let variables = value.mapping else {
                    typeError(key: qualified, expected: "a mapping of NAME: value", node: value)
                    continue
                }
                for (nameNode, valueNode) in variables {
                    let name = nameNode.string ?? ""
                    // The value reaches the steps' environment under this name: it must be one.
                    guard FrontMatterDecoder.isVariableName(name) else {
                        diagnostics.append(
                            Diagnostic(
                                .error, code: "front-matter-type",
                                "The test variable '\(name)' is not a variable name (letters, digits and _, not starting with a digit).",
                                at: location(of: nameNode) ?? fallback))
                        continue
                    }
                    settings.variables[name] = scalar(valueNode, key: "\(qualified).\(name)") ?? ""
                }
            case "sandbox": settings.sandbox = boolean(value, key: qualified)
            case "skip": settings.skip = scalar(value, key: qualified)
            case "requires": settings.requires = stringList(value, key: qualified)
            case "check": settings.check = scalar(value, key: qualified)
            default:
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "front-matter-unknown-key",
                        "The 'test' block has an unknown field '\(field)'; known fields are vars, sandbox, requires, check and skip.",
                        at: location(of: keyNode) ?? fallback))
            }
        }
        return settings
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    /// `contacts: [{name, role, reach, escalate-when}]`; a plain string is a name.
    private mutating func contacts(_ node: Node) -> [Contact] {
        guard let sequence = node.sequence else {
            typeError(key: "contacts", expected: "a list of {name, role, reach, escalate-when} entries", node: node)
            return []
        }
        return sequence.compactMap { element -> Contact? in
            if let name = element.scalar?.string { return Contact(name: name) }
            guard let mapping = element.mapping else {
                typeError(
                    key: "contacts", expected: "a name or a {name, role, reach, escalate-when} entry", node: element)
                return nil
            }
            var name: String?
            var contact = Contact(name: "")
            for (keyNode, value) in mapping {
                let field = keyNode.string ?? ""
                let qualified = "contacts.\(field)"
                switch field {
                case "name": name = scalar(value, key: qualified)
                case "role": contact.role = scalar(value, key: qualified)
                case "reach": contact.reach = scalar(value, key: qualified)
                case "escalate-when", "escalate_when", "escalateWhen":
                    contact.escalateWhen = scalar(value, key: qualified)
                default:
                    diagnostics.append(
                        Diagnostic(
                            .warning, code: "front-matter-unknown-key",
                            "A 'contacts' entry has an unknown field '\(field)'; known fields are name, role, reach and escalate-when.",
                            at: location(of: keyNode) ?? fallback))
                }
            }
            guard let name, !name.isEmpty else {
                diagnostics.append(
                    Diagnostic(
                        .error, code: "front-matter-type", "A 'contacts' entry needs a 'name'.",
                        at: location(of: element) ?? fallback))
                return nil
            }
            contact.name = name
            return contact
        }
    }

    /// `changelog: [{date, version, why}]`, newest wherever the author puts it.
    private mutating func changelog(_ node: Node) -> [ChangelogEntry] {
        guard let sequence = node.sequence else {
            typeError(key: "changelog", expected: "a list of {date, version, why} entries", node: node)
            return []
        }
        return sequence.compactMap { element -> ChangelogEntry? in
            let at = location(of: element) ?? fallback
            guard let mapping = element.mapping else {
                typeError(key: "changelog", expected: "a {date, version, why} entry", node: element)
                return nil
            }
            var entry = ChangelogEntry(why: "", location: at)
            for (keyNode, value) in mapping {
                let field = keyNode.string ?? ""
                let qualified = "changelog.\(field)"
                switch field {
                case "date": entry.date = scalar(value, key: qualified)
                case "version": entry.version = scalar(value, key: qualified)
                case "why": entry.why = scalar(value, key: qualified) ?? ""
                default:
                    diagnostics.append(
                        Diagnostic(
                            .warning, code: "front-matter-unknown-key",
                            "A 'changelog' entry has an unknown field '\(field)'; known fields are date, version and why.",
                            at: location(of: keyNode) ?? at))
                }
            }
            if entry.why.isEmpty {
                diagnostics.append(
                    Diagnostic(
                        .warning, code: "front-matter-type",
                        "A 'changelog' entry has no 'why': the reason is what it is for.", at: at))
            }
            return entry
        }
    }

    private mutating func boolean(_ node: Node, key: String) -> Bool {
        if let scalar = node.scalar, scalar.style == .plain {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        typeError(key: key, expected: "true or false", node: node)
        return false
    }

    /// YAML's null: an empty plain scalar, `~` or `null`.
    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    // MARK: - Locations and errors

    private var fallback: SourceLocation { SourceLocation(file: path, line: lineOffset + 1) }

    private func location(of node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(file: path, line: $0.line + lineOffset, column: $0.column) }
    }

    private mutating func typeError(key: String, expected: String, node: Node) {
        let found: String
        switch node {
        case .mapping: found = "a mapping"
        case .sequence: found = "a list"
        case .scalar(let scalar): found = "'\(scalar.string)'"
        case .alias: found = "an alias"
        }
        diagnostics.append(
            Diagnostic(
                .error, code: "front-matter-type",
                "The front matter key '\(key)' must be \(expected), but it is \(found).",
                at: location(of: node) ?? fallback))
    }

    private func yamlErrorDiagnostic(_ error: any Error, fallback: SourceLocation) -> Diagnostic {
        var mark: Mark?
        var problem = "\(error)"
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(_, let text, let at, _), .parser(_, let text, let at, _), .composer(_, let text, let at, _):
                mark = at
                problem = text
            default: break
            }
        }
        let location =
            mark.map { SourceLocation(file: path, line: $0.line + lineOffset, column: $0.column) } ?? fallback
        return Diagnostic(
            .warning, code: "front-matter-invalid",
            "The front matter is not valid YAML (\(problem)), so none of it was read.", at: location)
    }
}
