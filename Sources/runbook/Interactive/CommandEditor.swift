import Foundation

/// Edits a step's command before it runs: in `$VISUAL`/`$EDITOR` when one is set (the terminal
/// is handed back to it meanwhile), else inline, line by line, each line prefilled.
struct CommandEditor {
    let driver: InteractiveDriver

    /// The edited text, or `nil` when nothing changed or the edit was abandoned.
    func edit(_ command: String) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty }
        let edited = editor.map { external(command, editor: $0) } ?? inline(command)
        guard let edited, edited != command, !edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return nil
        }
        return edited
    }

    private func external(_ command: String, editor: String) -> String? {
        let path = NSTemporaryDirectory() + "runbook-edit-\(getpid())-\(UUID().uuidString.prefix(8)).sh"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(command.utf8), attributes: [.posixPermissions: 0o600])
        else { return nil }
        defer { try? FileManager.default.removeItem(atPath: path) }
        TerminalMode.original.apply(to: driver.input)
        defer { TerminalMode.keys.apply(to: driver.input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", editor + " \"$1\"", "sh", path]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            driver.screen.line("Could not start \(editor): \(error.localizedDescription)")
            return nil
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: path) else {
            driver.screen.line("\(editor) did not finish cleanly; the command is unchanged.")
            return nil
        }
        var text = String(decoding: data, as: UTF8.self)
        // Editors add a final newline; the block's text has none unless it had one.
        if text.hasSuffix("\n"), !command.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private func inline(_ command: String) -> String? {
        let screen = driver.screen, style = screen.style
        screen.line(
            style.dim("Edit each line (Enter keeps it; clear a line to drop it); then add lines, an empty one ends."))
        var lines: [String] = []
        let original = command.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .dropLast(command.hasSuffix("\n") ? 1 : 0)
        for line in original {
            switch driver.lineEditor.read(prompt: style.cyan("  $ "), prefill: line) {
            case .line(let text): if !text.isEmpty { lines.append(text) }
            case .cancelled, .signal: return nil
            }
        }
        while true {
            switch driver.lineEditor.read(prompt: style.cyan("  + ")) {
            case .line(let text):
                if text.isEmpty { return lines.joined(separator: "\n") + (command.hasSuffix("\n") ? "\n" : "") }
                lines.append(text)
            case .cancelled, .signal: return nil
            }
        }
    }
}
