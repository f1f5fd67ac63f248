import ArgumentParser
import Foundation

/// An error already phrased for the operator, with the exit status it ends the command with.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var exitCode: ExitCode

    var description: String { message }
}

/// Exit statuses of `run` and `resume` (docs/execution.md).
enum RunExit {
    static let completed = ExitCode(0)
    static let failed = ExitCode(1)
    static let usage = ExitCode(2)
    static let paused = ExitCode(3)
}

/// Writes a line to stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(SafeOutput.text(message + "\n", for: STDERR_FILENO)))
}
