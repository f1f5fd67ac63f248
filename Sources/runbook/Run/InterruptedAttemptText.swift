import Foundation
import RunbookKit

/// How `resume` tells the operator about an attempt whose runner died during it.
enum InterruptedAttemptText {
    static func lines(_ attempt: AttemptInProgress) -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        var text = attempt.command
        while text.hasSuffix("\n") { text.removeLast() }
        let command = text.split(separator: "\n", omittingEmptySubsequences: false).map { "    $ " + $0 }
        return [
            "Step \(attempt.stepID) was interrupted: attempt \(attempt.attempt) was in progress when its runner died.",
            "  started \(formatter.string(from: attempt.startedAt)) UTC by \(attempt.operatorName) on \(attempt.host), running:",
        ]
            + command
            + ["  No output was recorded: a step's output is stored when it ends, and this attempt never ended."]
    }
}
