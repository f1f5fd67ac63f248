import Foundation
import RunbookBytes
import RunbookKit

/// Shows a run as it happens: step output passes through live (stdout to stdout, stderr to
/// stderr), and each recorded event becomes a short line on stderr.
final class TerminalRenderer: RunObserver {
    private var failedWrites = false
    /// On a terminal, step output keeps its colours and nothing else that is a sequence (a
    /// filter per stream: a sequence can be cut between reads). Into a pipe or file it passes
    /// as the command wrote it: the operator's command, the operator's redirection.
    private var filters: [Int32: TerminalText] = [
        1: TerminalText(mode: .liveOutput), 2: TerminalText(mode: .liveOutput),
    ]
    private let isTerminal: [Int32: Bool] = [1: isatty(1) == 1, 2: isatty(2) == 1]
    private var atLineStart: [Int32: Bool] = [1: true, 2: true]
    /// The host whose output each descriptor showed last.
    private var lastHost: [Int32: String?] = [:]

    /// `[host] ` goes before each line of a step that runs on another host (or on `local` in a
    /// fan-out), so a fanned-out step's hosts can be told apart.
    func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String, host: String?) {
        let descriptor: Int32 = stream == .stderr ? 2 : 1
        var text = Array(bytes)
        if isTerminal[descriptor] == true { text = filters[descriptor]!.filter(text) }
        if lastHost[descriptor] != host {
            // Hosts running at once: another host's line starts on a line of its own.
            if atLineStart[descriptor] == false { text.insert(0x0A, at: 0) }
            lastHost[descriptor] = host
        }
        if let host {
            text = prefixed(text, with: Array("[\(TerminalText.visible(host))] ".utf8), descriptor: descriptor)
        } else if let last = text.last {
            atLineStart[descriptor] = last == 0x0A
        }
        text.withUnsafeBytes { write($0, to: descriptor) }
    }

    private func prefixed(_ text: [UInt8], with prefix: [UInt8], descriptor: Int32) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.count + prefix.count)
        var lineStart = atLineStart[descriptor] ?? true
        for byte in text {
            if lineStart { result += prefix }
            result.append(byte)
            lineStart = byte == 0x0A
        }
        atLineStart[descriptor] = lineStart
        return result
    }

    private func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) {
        guard !failedWrites else { return }
        // A closed stdout (`| head`): keep running and recording, stop echoing.
        if !DescriptorOutput.writeAll(bytes, to: descriptor) { failedWrites = true }
    }

    func recorded(_ event: RunEvent) {
        let step = event.stepID ?? ""
        switch event.payload {
        case .runStarted(let started):
            say("runbook: run \(event.runID) of \(started.title) (\(started.path))")
        case .resumed(let resumed):
            say("runbook: resuming run \(event.runID) as \(resumed.operatorName)@\(resumed.host)")
        case .stepStarted(let started):
            let attempt = started.attempt > 1 ? " (attempt \(started.attempt))" : ""
            let host = started.remoteHost.map { " on \(TerminalText.visible($0))" } ?? ""
            say("==> \(started.phase.label) \(step): \(started.title)\(attempt)\(host)")
            if started.remoteHost != nil {
                // A host's lines start with its name: one left unfinished by the last step ends here.
                for descriptor: Int32 in [1, 2] where atLineStart[descriptor] == false {
                    [UInt8(0x0A)].withUnsafeBytes { write($0, to: descriptor) }
                    atLineStart[descriptor] = true
                }
            }
        case .stepFinished(let finished):
            let host = finished.remoteHost.map { " on \(TerminalText.visible($0))" } ?? ""
            say("    " + TerminalRenderer.describe(finished) + host)
        case .skipped(let skipped):
            say("--> skipped \(step): \(skipped.reason)")
        case .deviation(let deviation) where deviation.kind == .outputMismatch:
            say("    output differs from the expected output:")
            say(deviation.detail.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n"))
        case .deviation(let deviation) where deviation.kind != .skipped:
            say("    deviation: \(deviation.detail)")
        case .confirmed(let confirmed) where confirmed.method == .preconfirmed:
            say("    \(confirmed.requirement) confirmation given in advance (--yes / --allow-destructive)")
        case .rollbackStarted(let rollback):
            say("runbook: rolling back (\(rollback.reason)): \(rollback.steps.joined(separator: ", "))")
        case .paused(let paused):
            say("runbook: paused: \(paused.text). Continue with: runbook resume \(event.runID)")
        case .interrupted(let interrupted):
            say("runbook: interrupted: \(interrupted.reason). Continue with: runbook resume \(event.runID)")
        case .finished(let finished):
            let reason = finished.reason.map { ": \($0)" } ?? ""
            say("runbook: run \(event.runID) \(finished.status.rawValue)\(reason)")
        case .notified(let notified) where !notified.delivered:
            say(
                "runbook: could not tell \(notified.target) that the run \(notified.trigger == "deviation" ? "deviated" : notified.trigger) (\(notified.attempts) \(notified.attempts == 1 ? "try" : "tries")): "
                    + notified.detail)
        default:
            break
        }
    }

    static func describe(_ finished: StepFinishedPayload) -> String {
        let time = DurationText.fixed(finished.durationSeconds, decimals: 2) + "s"
        switch finished.outcome {
        case .succeeded: return "ok (\(time))"
        case .confirmed: return "confirmed"
        case .timedOut: return "timed out after \(time)"
        case .interrupted: return "interrupted after \(time)"
        case .notStarted: return "not started: \(finished.error ?? "unknown error")"
        case .failed:
            if let signal = finished.signal { return "killed by signal \(signal) (\(time))" }
            if let error = finished.error { return "failed: \(error) (\(time))" }
            return "failed with exit status \(finished.exitCode ?? -1) (\(time))"
        }
    }

    private func say(_ line: String) { StandardError.write(line) }
}

extension Phase {
    var label: String {
        switch self {
        case .prerequisite: "[prerequisite]"
        case .main: "[step]"
        case .validation: "[validation]"
        case .rollback: "[rollback]"
        }
    }
}

/// Prints a dry-run plan on stdout.
enum PlanRenderer {
    /// The hosts a step runs on, with how many at once when that is more than one.
    static func hostsLine(_ planned: PlannedStep, _ plan: DryRunPlan) -> String {
        let names = planned.hosts.map(plan.hostLabel).joined(separator: ", ")
        let atOnce = min(planned.step.parallelism, planned.hosts.count)
        return atOnce > 1 ? "\(names) (\(atOnce) at once)" : names
    }

    static func render(_ plan: DryRunPlan, title: String) -> String {
        var lines = ["Plan for \(title) (shell: \(plan.shell)); nothing will run and nothing is recorded."]
        if !plan.variables.isEmpty || !plan.unset.isEmpty {
            lines.append("")
            lines.append("Variables:")
            for variable in plan.variables {
                lines.append("  \(variable.name)=\(variable.shown)  (\(variable.source.rawValue))")
            }
            for variable in plan.unset {
                lines.append(
                    "  \(variable.name)  (\(variable.isSecret ? "secret, " : "")not set: a real run asks for it, or give it with --var)"
                )
            }
        }
        lines.append("")
        for item in plan.items {
            let step = item.planned.step
            let note: String
            switch item.action {
            case .run: note = step.kind == .manual ? "manual" : "runs"
            case .confirm:
                note = step.kind == .manual ? "manual: the operator confirms it is done" : "asks for confirmation"
            case .excluded: note = "excluded from run-all"
            case .notSelected: note = "not selected by --only or --tag"
            case .missingCapability(let missing):
                note = "skipped (requires \(missing.joined(separator: ", ")), declared missing)"
            case .beforeStart: note = "skipped (before --from)"
            case .done: note = "already done"
            }
            lines.append(
                "\(item.planned.position). \(step.phase.label) \(step.id): \(step.title) — \(([note] + marks(step)).joined(separator: ", "))"
            )
            if step.kind != .manual {
                if !item.planned.hosts.isEmpty {
                    lines.append("   on " + hostsLine(item.planned, plan))
                }
                lines.append("   in " + directory(item))
                lines += commandLines(item.planned.displayCommand)
            }
        }
        if !plan.rollback.isEmpty {
            lines.append("")
            lines.append("Rollback (only when asked for):")
            for planned in plan.rollback {
                let step = planned.step
                lines.append(
                    "\(planned.position). \(step.id): \(step.title)"
                        + (marks(step).isEmpty ? "" : " — " + marks(step).joined(separator: ", ")))
                if step.kind == .manual {
                    lines.append("   manual: \(step.summary)")
                } else {
                    if !planned.hosts.isEmpty {
                        lines.append("   on " + hostsLine(planned, plan))
                    }
                    lines.append("   in \(planned.workingDirectory)")
                    lines += commandLines(planned.displayCommand)
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the step will do besides running: destructive, the confirmation asked, its
    /// timeout as the author wrote it.
    static func marks(_ step: Step) -> [String] {
        var marks: [String] = []
        if step.isDestructive { marks.append("DESTRUCTIVE") }
        switch step.confirmation {
        case .none: break
        case .yesNo: if !step.isDestructive { marks.append("asks y/N") }
        case .phrase(let phrase): marks.append("asks to type “\(phrase)”")
        case .variable(let name): marks.append("asks to type the value of \(name)")
        }
        if let timeout = step.timeout {
            marks.append("timeout \(step.block?.attributes["timeout"] ?? DurationText.format(timeout))")
        }
        if step.isInteractive { marks.append("on a terminal") }
        return marks
    }

    /// The directory the step starts in; after an earlier step's `cd`, where that leads (a
    /// guess from the text, said as such).
    static func directory(_ item: DryRunPlan.Item) -> String {
        guard let guess = item.guessedDirectory else { return item.planned.workingDirectory }
        guard let path = guess.path else {
            return "the directory the cd in step \(guess.stepID) leads to (known only when it runs)"
        }
        return "\(path) (after the cd in step \(guess.stepID); read from the text, not run)"
    }

    /// The whole command: `$ ` where a command starts, indentation where a line continues the
    /// one before (a trailing `\\`, a here-document).
    static func commandLines(_ command: String) -> [String] {
        var lines = command.split(separator: "\n", omittingEmptySubsequences: false)
        if command.hasSuffix("\n") { lines.removeLast() }
        let continuations = ShellLines.continuations(in: command)
        return zip(lines, continuations).map { line, continues in (continues ? "     " : "   $ ") + line }
    }
}
