import ArgumentParser
import Foundation
import RunbookKit

/// Exit statuses every command shares (README, "Exit status"; docs/execution.md).
enum RunExit {
    /// Done: the run completed and validated, or the command did what it was asked.
    static let completed = ExitCode(0)
    /// A step or validation failed, a check found problems, or the records could not be read
    /// or written.
    static let failed = ExitCode(1)
    /// Called wrong: a usage error, a runbook that does not parse or is not ready, a run or
    /// file that does not exist.
    static let usage = ExitCode(2)
    /// Paused or interrupted: continue with `runbook resume`.
    static let paused = ExitCode(3)

    /// The status a run ends the command with.
    static func status(of run: RunStatus) -> ExitCode {
        switch run {
        case .completed: completed
        case .paused, .interrupted, .running: paused
        case .failed, .aborted, .rolledBack: failed
        }
    }

    /// Runs a command body that ends with a status, and ends the command with it: a status
    /// other than success is thrown, which ArgumentParser exits with silently.
    static func ending(_ body: () throws -> ExitCode) throws {
        let code = try body()
        if code != .success { throw code }
    }
}

/// The one place a command's error becomes what the operator reads and the status the command
/// exits with. Commands throw typed errors and never print them.
enum ExitMapping {
    /// The line to print on standard error and the status, or nil for an error ArgumentParser
    /// reports itself (help, version, a status thrown as `ExitCode`).
    static func failure(for error: any Error) -> (message: String, status: ExitCode)? {
        switch error {
        case let error as CommandError:
            var command = "runbook: "
            if case .shellcheckNotInstalled = error { command = "runbook lint: " }
            return (command + error.description, status(of: error))
        case let error as LintConfigurationError:
            return ("runbook lint: " + error.description, RunExit.usage)
        case let error as RecordStoreError:
            return ("runbook: " + error.description, status(of: error))
        case let error as EngineError:
            return ("runbook: " + error.description, status(of: error))
        case let error as RunbookLoadError:
            return ("runbook: " + error.description, RunExit.usage)
        case let error as ResumeError:
            return ("runbook: " + error.description, status(of: error))
        case let error as RevisionError:
            if case .records(let records) = error { return failure(for: records) }
            return ("runbook: " + error.description, RunExit.usage)
        case let error as ScheduleError:
            if case .write = error { return ("runbook: " + error.description, RunExit.failed) }
            return ("runbook: " + error.description, RunExit.usage)
        case let error as RunbookTestError:
            return ("runbook: " + error.description, RunExit.usage)
        case let error as RunbookConfigurationError:
            return ("runbook: " + error.description, RunExit.usage)
        case let error as InventoryError:
            return ("runbook: " + error.description, RunExit.usage)
        default:
            return nil
        }
    }

    private static func status(of error: CommandError) -> ExitCode {
        switch error {
        case .cannotWrite, .amendTargetChanged, .pushRefused: RunExit.failed
        case .interruptedAtPrompt: RunExit.paused
        case .noRecords, .noTerminal, .noRunbooksDirectory, .noSuchPath, .nothingToBind, .unreadableExport,
            .invalidExport, .amendNeedsFile, .shellcheckNotInstalled, .invalidAssignment, .unreadableVariableFile,
            .variableCommandNotStarted, .variableCommandFailed, .variableCommandSilent:
            RunExit.usage
        }
    }

    /// A run that does not exist, or records that hold nothing yet, are the caller's mistake;
    /// anything else the records did.
    private static func status(of error: RecordStoreError) -> ExitCode {
        error.reason == .unknownRun || error.reason == .noRecords ? RunExit.usage : RunExit.failed
    }

    private static func status(of error: EngineError) -> ExitCode {
        switch error {
        // Another runner holds this run: nothing was started here.
        case .records(let records) where records.reason == .leaseHeld: RunExit.usage
        case .records, .sessionFile: RunExit.failed
        default: RunExit.usage
        }
    }

    private static func status(of error: ResumeError) -> ExitCode {
        switch error {
        case .records(let records): status(of: records)
        case .runbook, .noUnfinishedRun, .nothingToRollBack: RunExit.usage
        case .revisionMissing, .fileGoneAndRedacted: RunExit.failed
        }
    }
}
