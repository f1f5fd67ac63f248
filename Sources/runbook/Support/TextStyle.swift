import Foundation

/// ANSI styling that switches itself off when it would not help: output that is not a terminal,
/// `NO_COLOR` set (https://no-color.org), or `TERM=dumb`.
struct TextStyle: Sendable {
    let isEnabled: Bool

    /// Styling for a file descriptor (1 = stdout, 2 = stderr) in the current environment.
    static func forDescriptor(
        _ descriptor: Int32, environment: [String: String] = ProcessEnvironment.values(["NO_COLOR", "TERM"])
    )
        -> TextStyle
    {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        return TextStyle(isEnabled: isatty(descriptor) == 1 && !noColor && !dumb)
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        isEnabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
