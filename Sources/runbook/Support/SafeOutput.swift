import Foundation
import RunbookKit

/// Where every byte the CLI prints passes last: TerminalText with the mode its destination
/// allows. On a terminal with colours only the tool's own colours stay escape sequences; on
/// anything else every control character from a runbook or a record is made visible.
enum SafeOutput {
    static func bytes(_ bytes: [UInt8], for descriptor: Int32) -> [UInt8] {
        TerminalText.filtered(bytes, mode: TextStyle.forDescriptor(descriptor).isEnabled ? .toolColours : .plain)
    }

    static func text(_ text: String, for descriptor: Int32) -> [UInt8] {
        bytes(Array(text.utf8), for: descriptor)
    }
}
