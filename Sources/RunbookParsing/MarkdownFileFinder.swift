import Foundation

/// Expands the paths a user names into Markdown files: files as given, directories walked for
/// `*.md` in a stable (sorted) order, `.git`, `node_modules` and what `.gitignore` files
/// ignore left out (`GitIgnore`). Every command that
/// takes paths (`show`, `lint`, `list`) uses this one walk.
public enum MarkdownFileFinder {
    /// One file to read, and whether the user named it: named files are always read, files
    /// found by walking a directory may be skipped when they do not look like runbooks.
    public struct Found: Hashable, Sendable {
        public var path: String
        public var wasNamed: Bool

        public init(path: String, wasNamed: Bool) {
            self.path = path
            self.wasNamed = wasNamed
        }
    }

    /// A path that does not exist is kept as a named file, so that reading it reports the
    /// error in order with the others. Each file appears once.
    ///
    /// Only `.git`, `node_modules` and what `.gitignore` ignores are skipped: `.github/` often
    /// holds runbook-like docs.
    public static func files(in paths: [String]) -> [Found] {
        var found: [Found] = []
        var seen = Set<String>()
        found.reserveCapacity(paths.count)
        seen.reserveCapacity(paths.count)
        for path in paths {
            guard isDirectory(path) else {
                if seen.insert(path).inserted { found.append(Found(path: path, wasNamed: true)) }
                continue
            }
            for file in markdownFiles(under: path) where seen.insert(file).inserted {
                found.append(Found(path: file, wasNamed: false))
            }
        }
        return found
    }

    /// `FileManager.fileExists(atPath:isDirectory:)` with `stat` itself (links followed, as
    /// FileManager does): this runs once per named path before any file is parsed, and
    /// FileManager's path conversion cost more than the system call for a long `--files-from`.
    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        guard !path.isEmpty, stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    private static let skippedDirectories: Set<String> = [".git", "node_modules"]

    /// Walks `root` with `readdir`, whose entry types spare a `stat` per file (FileManager's
    /// enumerator costs as much as parsing on a large tree). Symbolic links are not followed.
    private static func markdownFiles(under root: String) -> [String] {
        var files: [String] = []
        let start = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        // Paths are walked as the user spelled them; `.gitignore` rules match absolute ones.
        let absoluteStart =
            ((start.hasPrefix("/") ? start : FileManager.default.currentDirectoryPath + "/" + start) as NSString)
            .standardizingPath
        var pending = [(directory: start, absolute: absoluteStart, ignore: GitIgnore.enclosing(absoluteStart))]
        while let (directory, absoluteDirectory, inherited) = pending.popLast() {
            let ignore = inherited.adding(directory: absoluteDirectory)
            guard let handle = opendir(directory) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = directory + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                    // A link to a Markdown file is linted; a link to a directory is not walked.
                    var info = stat()
                    guard (type == UInt8(DT_LNK) ? stat(path, &info) : lstat(path, &info)) == 0 else { continue }
                    if type == UInt8(DT_LNK) && (info.st_mode & S_IFMT) == S_IFDIR { continue }
                    type = (info.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : UInt8(DT_REG)
                }
                let absolute = absoluteDirectory == "/" ? "/" + name : absoluteDirectory + "/" + name
                if type == UInt8(DT_DIR) {
                    if !skippedDirectories.contains(name), !ignore.isIgnored(absolute, isDirectory: true) {
                        pending.append((path, absolute, ignore))
                    }
                } else if name.lowercased().hasSuffix(".md"), !ignore.isIgnored(absolute, isDirectory: false) {
                    // Not only regular files: a FIFO, socket or device named `*.md` is listed so
                    // that reading it says what it is, instead of it vanishing without a word.
                    files.append(path)
                }
            }
        }
        return files.sorted()
    }
}
