import Foundation

/// Runs shellcheck over a whole runbook's shell blocks at once and maps its findings back.
///
/// The blocks are joined into one script (a runbook runs as one session, so that is also what
/// shellcheck should see), preceded by one `: "${NAME:=}"` line per declared variable so that
/// declared variables do not read as unassigned. If shellcheck cannot parse the joined script,
/// each block is checked alone, so one broken block does not hide the others' findings.
public struct Shellcheck {
    /// One shellcheck comment, already mapped to a script and a line in it.
    struct Comment {
        var scriptIndex: Int
        var line: Int
        var column: Int
        var level: String
        var code: Int
        var message: String
    }

    let executable: String
    /// `bash`, `sh`, `dash` or `ksh`: what shellcheck should check the text as.
    let dialect: String
    /// Where findings of scripts seen before are kept; nil runs shellcheck every time.
    var cache: ShellcheckCache?
    /// SC2154 (variable referenced but not assigned) is reported by RB014 with the runbook's
    /// own rules about declarations and exports; SC1091 (not following `source`) is noise here;
    /// SC1009 and SC1072 restate the parse error SC1073 (or a more specific SC1xxx) reports;
    /// SC2164 (`cd` without `|| exit`) cannot happen here, as steps run under `set -e`.
    static let excluded = "SC2154,SC1091,SC1009,SC1072,SC2164"

    /// Finds shellcheck on PATH.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/shellcheck"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    func check(scripts: [(index: Int, text: [UInt8])], declared: [String]) -> [Comment] {
        guard !scripts.isEmpty else { return [] }
        let header = declared.sorted().map { ": \"${\($0):=}\"" }
        var text = header.joined(separator: "\n")
        var owners: [(scriptIndex: Int, line: Int)] = header.map { _ in (-1, 0) }
        for script in scripts {
            if !text.isEmpty { text += "\n" }
            let body = String(decoding: script.text, as: UTF8.self)
            text += body
            let lineCount = body.split(separator: "\n", omittingEmptySubsequences: false).count
            owners += (1...max(1, lineCount)).map { (script.index, $0) }
        }
        guard let comments = run(text) else { return [] }
        if scripts.count > 1, comments.contains(where: { $0.code < 2000 && $0.level == "error" }) {
            return scripts.flatMap { check(scripts: [$0], declared: declared) }
        }
        return comments.compactMap { comment in
            guard owners.indices.contains(comment.line - 1) else { return nil }
            let owner = owners[comment.line - 1]
            guard owner.scriptIndex >= 0 else { return nil }
            var mapped = comment
            mapped.scriptIndex = owner.scriptIndex
            mapped.line = owner.line
            return mapped
        }
    }

    private struct Output: Decodable {
        var line: Int
        var column: Int
        var level: String
        var code: Int
        var message: String
    }

    /// shellcheck's findings for `text`, from the cache when it has them; nil when shellcheck
    /// could not run or its output was not JSON.
    private func run(_ text: String) -> [Comment]? {
        let arguments = ["--format=json", "--shell=\(dialect)", "--exclude=\(Shellcheck.excluded)"]
        let key = cache?.key(script: text, arguments: arguments)
        if let key, let stored = cache?.read(key), let comments = Shellcheck.decode(stored) { return comments }
        guard let output = run(text, arguments: arguments), let comments = Shellcheck.decode(output) else { return nil }
        if let key { cache?.write(key, output) }
        return comments
    }

    private static func decode(_ data: Data) -> [Comment]? {
        guard let decoded = try? JSONDecoder().decode([Output].self, from: data) else { return nil }
        return decoded.map {
            Comment(
                scriptIndex: -1, line: $0.line, column: $0.column, level: $0.level, code: $0.code, message: $0.message)
        }
    }

    /// shellcheck's output for `text`.
    private func run(_ text: String, arguments: [String]) -> Data? {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("runbook-lint-\(UUID().uuidString).sh")
        do { try Data(text.utf8).write(to: file) } catch { return nil }
        defer { try? FileManager.default.removeItem(at: file) }
        return ShellcheckProcess.output(of: executable, arguments: arguments + [file.path]).map { Data($0) }
    }
}
