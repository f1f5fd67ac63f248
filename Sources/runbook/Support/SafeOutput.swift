import Foundation
import RunbookKit

/// Where every byte the CLI prints passes last: TerminalText with the mode its destination
/// allows. On a terminal with colours only the tool's own colours stay escape sequences; on
/// anything else every control character from a runbook or a record is made visible.
enum SafeOutput {
    /// Decided once per process: the run prints a few lines per step, and reading the
    /// environment for TextStyle each time cost more than the line.
    private static let standardOutputMode = mode(for: STDOUT_FILENO)
    private static let standardErrorMode = mode(for: STDERR_FILENO)

    static func bytes(_ bytes: [UInt8], for descriptor: Int32) -> [UInt8] {
        let mode =
            switch descriptor {
            case STDOUT_FILENO: standardOutputMode
            case STDERR_FILENO: standardErrorMode
            default: mode(for: descriptor)
            }
        return TerminalText.filtered(bytes, mode: mode)
    }

    static func text(_ text: String, for descriptor: Int32) -> [UInt8] {
        bytes(Array(text.utf8), for: descriptor)
    }

    private static func mode(for descriptor: Int32) -> TerminalText.Mode {
        TextStyle.forDescriptor(descriptor).isEnabled ? .toolColours : .plain
    }
}
