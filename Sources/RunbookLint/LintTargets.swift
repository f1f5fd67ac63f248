import Foundation

/// A file to lint and whether the user named it (named files are linted even without front
/// matter or commands; files found by walking a directory are skipped then).
public struct LintTarget: Hashable, Sendable {
    public var path: String
    public var isExplicit: Bool

    public init(path: String, isExplicit: Bool) {
        self.path = path
        self.isExplicit = isExplicit
    }

    /// Expands `paths`: files as given, directories walked for `*.md` in sorted order . A path that does not exist is kept as an
    /// explicit target so that reading it reports the error in order.
    ///
    /// Only `.git` and `node_modules` are skipped: `.github/` often holds runbook-like docs.
    public static func expand(_ paths: [String]) -> [LintTarget] {
        var targets: [LintTarget] = []
        var seen = Set<String>()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                if seen.insert(path).inserted { targets.append(LintTarget(path: path, isExplicit: true)) }
                continue
            }
            for file in markdownFiles(under: path) where seen.insert(file).inserted {
                targets.append(LintTarget(path: file, isExplicit: false))
            }
        }
        return targets
    }

    private static let skippedDirectories: Set<String> = [".git", "node_modules"]

    private static func markdownFiles(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        let prefix = root.hasSuffix("/") ? root : root + "/"
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory {
                if Self.skippedDirectories.contains(name) { enumerator.skipDescendants() }
                continue
            }
            if name.lowercased().hasSuffix(".md") { files.append(prefix + relative) }
        }
        return files.sorted()
    }
}
