import Foundation
import RunbookBytes
import RunbookDocument

/// Reads Markdown runbooks into the `Runbook` model.
///
/// Content problems never throw: the result carries `diagnostics` and as much of the model as
/// could be built. Only failing to read the file at all is an error.
public struct RunbookParser: Sendable {
    public init() {}

    /// Reads and parses the file at `path`.
    /// - Throws: `RunbookReadError` when the file cannot be read.
    public func parse(contentsOf path: String) throws(RunbookReadError) -> Runbook {
        parse(bytes: try FileBytes.read(path), path: path)
    }

    /// The bytes of the runbook file at `path`, read as `parse(contentsOf:)` reads them: a
    /// regular file of at most 64 MB (a FIFO or a device is refused, not waited on).
    /// - Throws: `RunbookReadError` when the file cannot be read.
    public static func readFile(_ path: String) throws(RunbookReadError) -> [UInt8] {
        try FileBytes.read(path)
    }

    /// Parses file content. `path` is used for locations and the default id.
    public func parse(bytes: [UInt8], path: String) -> Runbook {
        let hash = ContentHash.sha256Hex(of: bytes)
        switch SourceText.decode(bytes) {
        case .failure(let rejection):
            var runbook = Runbook(
                path: path, id: RunbookParser.defaultID(for: path), title: RunbookParser.defaultID(for: path))
            runbook.contentHash = hash
            runbook.diagnostics = [rejection.diagnostic(path: path)]
            return runbook
        case .success(let source):
            return parse(source, path: path, hash: hash)
        }
    }

    /// Parses text already in memory.
    public func parse(text: String, path: String) -> Runbook {
        parse(bytes: Array(text.utf8), path: path)
    }

    /// Parses text whose SHA-256 the caller has already checked: a stored revision, read back
    /// and verified against its hash by the records. `hash` becomes the runbook's content hash
    /// as it is, so the text is not hashed a second time on every export.
    /// - Parameter hash: the lowercase hex SHA-256 of `text`'s UTF-8.
    public func parse(text: String, path: String, verifiedHash hash: String) -> Runbook {
        let bytes = Array(text.utf8)
        switch SourceText.decode(bytes) {
        case .failure:
            // Not text a runbook can hold: the path that hashes reports why, the same way.
            return parse(bytes: bytes, path: path)
        case .success(let source):
            return parse(source, path: path, hash: hash)
        }
    }

    private func parse(_ source: SourceText, path: String, hash: String) -> Runbook {
        var diagnostics: [Diagnostic] = []
        var split = FrontMatterSplitter.split(source.bytes)
        if split.isUnterminated {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "front-matter-unterminated",
                    "The file starts a front matter ('---', '+++' or ';;;') that is never closed, so it is read as Markdown.",
                    at: SourceLocation(file: path, line: 1)))
        }
        var frontMatter: FrontMatter?
        var values = FrontMatterDecoder.Values()
        if let problem = split.problem {
            diagnostics.append(
                Diagnostic(
                    .warning, code: "front-matter-invalid",
                    "The TOML front matter could not be read (\(problem.message)), so none of it was read.",
                    at: SourceLocation(file: path, line: problem.line)))
        }
        if let yaml = split.yaml {
            var decoder = FrontMatterDecoder(path: path, lineOffset: split.yamlLineOffset)
            (frontMatter, values) = decoder.decode(yaml, openingLine: 1, bodyStartLine: split.bodyLineOffset + 1)
            if split.isBareJSONObject && frontMatter?.isValidYAML != true {
                // A `{` line that does not start a JSON object is Markdown, not broken front matter.
                split = FrontMatterSplitter.Split(
                    yaml: nil, yamlLineOffset: 0, bodyStart: 0, bodyLineOffset: 0, isUnterminated: false)
                (frontMatter, values) = (nil, FrontMatterDecoder.Values())
            } else {
                diagnostics += decoder.diagnostics
            }
        }

        let blocks = MarkdownWalker.blocks(of: source.bytes, from: split.bodyStart, lineOffset: split.bodyLineOffset)
        let semantics = SemanticsDecision.decide(
            hasRunmeKey: values.hasRunmeKey, frontMatterKeys: frontMatter?.keys.map(\.name) ?? [],
            hasKnownCategory: values.category != nil, blocks: blocks)
        var builder = RunbookBuilder(path: path, semantics: semantics)
        builder.add(frontMatterItems: values.items)
        builder.add(blocks)

        let defaultID = RunbookParser.defaultID(for: path)
        var runbook = Runbook(
            path: path, id: values.id ?? defaultID, title: values.title ?? builder.firstHeadingTitle ?? defaultID,
            version: values.version, category: values.category, priority: values.priority ?? .normal,
            tags: values.tags + (values.categoryTag.map { values.tags.contains($0) ? [] : [$0] } ?? []),
            semantics: semantics, shell: values.shell ?? "bash", environment: values.environment,
            workingDirectory: values.workingDirectory, description: values.description,
            variables: values.variables, frontMatter: frontMatter, contentHash: hash,
            lineCount: source.lineCount, expectation: values.expectation, test: values.test, contacts: values.contacts,
            changelog: values.changelog, hosts: values.hosts.isEmpty ? nil : values.hosts, defaultHost: values.host,
            notify: values.notify)
        builder.build(into: &runbook)
        diagnostics += builder.diagnostics
        diagnostics.sort { $0.location < $1.location }
        runbook.diagnostics = diagnostics
        return runbook
    }

    /// A runbook's id when the front matter names none: the file name without its extension,
    /// except for names every folder has (`README`, `index`, `_index`), whose id is their path
    /// (see `pathID`), so two READMEs never share records.
    public static func defaultID(for path: String) -> String {
        let stem = stemID(for: path)
        guard genericNames.contains(stem.lowercased()) else { return stem }
        return pathID(for: path, stem: stem)
    }

    /// File names that say nothing about which runbook a file is.
    static let genericNames: Set<String> = ["readme", "index", "_index"]

    /// The file name without its extension.
    static func stemID(for path: String) -> String {
        if let id = plainDefaultID(for: path) { return id }
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return stem.isEmpty ? name : stem
    }

    /// The id of a file with a generic name: inside a Git working tree, the tree's folder name
    /// and the path within it (`ops/docs/backup/README`), so every clone of a repository gives
    /// its README the same id; elsewhere the absolute path (`home/ann/notes/README`).
    static func pathID(for path: String, stem: String) -> String {
        let absolute =
            path.hasPrefix("/")
            ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
        let directory = standardizedDirectory(of: absolute)
        let components = directory.split(separator: "/").map(String.init)
        var kept = components[...]
        for end in stride(from: components.count, to: 0, by: -1) {
            let candidate = "/" + components[..<end].joined(separator: "/") + "/.git"
            var info = stat()
            if stat(candidate, &info) == 0 {
                kept = components[(end - 1)...]
                break
            }
        }
        return (kept + [stem]).joined(separator: "/")
    }

    /// The folder holding the file at the absolute path `path`, as NSString's
    /// `standardizingPath` gives it (symlinks resolved, `.` and `..` removed) with its last
    /// component dropped. NSString resolves a path component by component through Strings;
    /// when `realpath` finds the file's path already canonical (no link, not even the file
    /// itself, no `.`, `..` or `//`), NSString returns it unchanged, so its folder is cut
    /// from it directly. Any other path, and the prefixes NSString strips (`/private`,
    /// `/var/automount`), keep NSString's exact rules, whose handling of relative links
    /// differs from `realpath`'s.
    static func standardizedDirectory(of path: String) -> String {
        if !path.hasPrefix("/private/"), !path.hasPrefix("/var/automount"),
            let slash = path.utf8.lastIndex(of: 0x2F), slash != path.utf8.startIndex,
            let resolved = realpath(path, nil)
        {
            defer { free(resolved) }
            if strcmp(resolved, path) == 0 { return String(path[..<slash]) }
        }
        return PathText.directory(of: (path as NSString).standardizingPath)
    }

    /// `stemID(for:)` for the usual path, ASCII with single slashes and no trailing one, read
    /// on bytes: NSString's path methods normalise the whole path through Characters first, once
    /// per runbook. Other paths return nil and get NSString's exact rules.
    static func plainDefaultID(for path: String) -> String? {
        var path = path
        return path.withUTF8 { bytes -> String? in
            guard let lastByte = bytes.last, lastByte != 0x2F else { return nil }
            var nameStart = 0
            var previous: UInt8 = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 || (byte == 0x2F && previous == 0x2F) { return nil }
                if byte == 0x2F { nameStart = index + 1 }
                previous = byte
            }
            let name = UnsafeBufferPointer(rebasing: bytes[nameStart...])
            // The extension starts at the last dot, unless that dot starts the name (".profile")
            // or the name is "..".
            guard let dot = name.lastIndex(of: 0x2E), dot > 0, !(name.count == 2 && name[0] == 0x2E) else {
                return String(decoding: name, as: UTF8.self)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: name[..<dot]), as: UTF8.self)
        }
    }
}
