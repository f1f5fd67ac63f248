import Foundation

/// Expands the paths a user names into Markdown files: files as given, directories walked for
/// `*.md` and `*.markdown` in a stable (sorted) order, hidden directories and `node_modules`
/// left out.
public struct MarkdownFileFinder: Sendable {
    /// One file to read, and whether the user named it (named files are never filtered out).
    public struct Found: Hashable, Sendable {
        public var path: String
        public var wasNamed: Bool
    }

    public init() {}

    /// - Throws: `RunbookReadError` for a path that does not exist.
    public func files(in paths: [String]) throws(RunbookReadError) -> [Found] {
        var found: [Found] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw RunbookReadError(path: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                found += walk(path).map { Found(path: $0, wasNamed: false) }
            } else {
                found.append(Found(path: path, wasNamed: true))
            }
        }
        return found
    }

    private func walk(_ root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        let prefix = root.hasSuffix("/") ? root : root + "/"
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            let attributes = enumerator.fileAttributes
            if attributes?[.type] as? FileAttributeType == .typeDirectory {
                if name.hasPrefix(".") || name == "node_modules" { enumerator.skipDescendants() }
                continue
            }
            let lowered = name.lowercased()
            if lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") {
                files.append(prefix + relative)
            }
        }
        return files.sorted()
    }
}
