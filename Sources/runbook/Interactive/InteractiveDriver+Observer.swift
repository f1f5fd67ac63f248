import Foundation
import RunbookKit

extension InteractiveDriver {
    /// Prerequisite and validation checks run without asking: their output is kept back and
    /// shown only when the check fails.
    func isQuietCheck(_ phase: Phase, kind: StepKind) -> Bool {
        kind != .manual && (phase == .prerequisite || phase == .validation) && !state.isRollingBack
    }

    func recorded(_ event: RunEvent) {
        state.apply(event)
        let style = screen.style, symbols = screen.symbols
        let step = event.stepID.flatMap { id in state.steps[id] }
        switch event.payload {
        case .runStarted:
            startedAt = event.time
            screen.line(style.dim("Run \(event.runID) started."))
            screen.line(style.dim("records: \(recordsPath)"))
        case .resumed:
            screen.line(style.dim("Run \(event.runID) resumed."))
            screen.line(style.dim("records: \(recordsPath)"))
        case .stepStarted(let started):
            checkOutput = []
            atLineStart = true
            hostLabel = started.remoteHost.map { "[\(TerminalText.visible($0))] " } ?? ""
            if started.kind == .manual { return }
            interactiveStep = started.isInteractive
            if isQuietCheck(started.phase, kind: started.kind) {
                ticker.start("checking: \(started.title)")
            } else {
                let attempt = started.attempt > 1 ? " (attempt \(started.attempt))" : ""
                let host = started.remoteHost.map { " on \(TerminalText.visible($0))" } ?? ""
                screen.line(style.bold("\(symbols.arrow) Running \(started.title)\(attempt)\(host)"))
                if started.isInteractive {
                    screen.line(style.dim("This step has the terminal: your keys go to it (Ctrl-C too)."))
                } else {
                    ticker.start("running \(started.title)")
                }
            }
            // An interactive step gets the keys as typed; any other step leaves Ctrl-C to us.
            (started.isInteractive ? TerminalMode.keys : TerminalMode.running).apply(to: input)
        case .stepFinished(let finished):
            ticker.stop(killed: finished.signal == Int(SIGKILL))
            finishLiveOutput()
            guard let step else { return }
            if finished.outcome == .confirmed {
                screen.line(style.green("\(symbols.ok) done"))
                return
            }
            lastOutput = (title(of: step.id), step.outputs)
            if isQuietCheck(finished.phase, kind: .shell) {
                showCheck(step.id, finished)
            } else {
                screen.line(ResultLine(screen: screen).describe(finished))
            }
        case .deviation(let deviation) where deviation.kind == .outputMismatch:
            showDiff(deviation.detail)
        case .deviation(let deviation) where deviation.kind == .overridden:
            screen.line(
                style.yellow("\(symbols.arrow) overridden") + ": \(deviation.detail)"
                    + style.dim(" (recorded as a deviation)"))
        case .skipped(let skipped):
            if let id = event.stepID, state.deviations.last?.stepID == id,
                state.deviations.last?.deviation.kind == .overridden
            {
                return
            }
            guard skipped.why == .operatorChoice else {
                screen.line(style.dim("\(symbols.dot) \(title(of: event.stepID)) not run: \(skipped.reason)"))
                return
            }
            screen.line(
                style.yellow("\(symbols.arrow) skipped") + ": \(skipped.reason)"
                    + style.dim(" (recorded as a deviation)"))
        case .commandEdited:
            screen.line(style.dim("Edit recorded (the original and the edited command)."))
        case .note:
            screen.line(style.dim("Note recorded."))
        case .rollbackStarted(let rollback):
            shownPhase = .rollback // this line is the rollback's heading
            screen.line("")
            screen.line(
                style.bold("Rolling back") + " (\(rollback.reason)): "
                    + (rollback.steps.isEmpty ? "no rollback steps apply" : rollback.steps.joined(separator: ", ")))
        case .rollbackFinished(let finished):
            screen.line(
                finished.succeeded
                    ? style.green("\(symbols.ok) Rollback finished.")
                    : style.red("\(symbols.failed) Rollback incomplete."))
        case .paused(let paused):
            screen.line("")
            screen.line(style.yellow("Paused") + ": \(paused.text).")
            screen.line("Continue with: " + style.bold("runbook resume \(event.runID)"))
        case .interrupted(let interrupted):
            screen.line("")
            screen.line(style.yellow("Interrupted") + ": \(interrupted.reason).")
            screen.line("Continue with: " + style.bold("runbook resume \(event.runID)"))
        case .finished(let finished):
            let text =
                "Run \(event.runID) \(finished.status.rawValue)" + (finished.reason.map { ": \($0)" } ?? "") + "."
            screen.line(finished.status == .completed ? style.green(style.bold(text)) : style.red(style.bold(text)))
        default:
            break
        }
    }

    func output(_ bytes: UnsafeRawBufferPointer, stream: OutputStreamKind, stepID: String, host: String?) {
        let label = host.map { "[\(TerminalText.visible($0))] " } ?? ""
        if label != hostLabel {
            // Hosts running at once (`parallel=N`): another host's line starts on a line of its own.
            finishLiveOutput()
            hostLabel = label
        }
        if let phase = state.steps[stepID]?.phase, isQuietCheck(phase, kind: .shell) {
            checkOutput.append(contentsOf: bytes)
            return
        }
        ticker.noteOutput()
        if interactiveStep {
            screen.writeInteractive(bytes: Array(bytes))
            return
        }
        // stderr is told apart by its gutter (and its colour where colours are on), so an error
        // message stands out of a wall of progress output.
        let mark =
            stream == .stderr
            ? screen.style.yellow(screen.symbols.errorGutter) : screen.style.dim(screen.symbols.gutter)
        let gutter = Array((mark + " " + hostLabel).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        for byte in bytes {
            if atLineStart { out += gutter }
            out.append(byte)
            atLineStart = byte == 10
        }
        screen.write(bytes: out)
    }

    /// Ends a partial last line of live output.
    func finishLiveOutput() {
        if !atLineStart { screen.write("\n") }
        atLineStart = true
    }

    private func title(of stepID: String?) -> String {
        guard let stepID else { return "" }
        return runbook.step(named: stepID)?.title ?? stepID
    }

    /// `✓ tar is installed` or `✗ tar is installed (exit 1)` with what the check printed.
    private func showCheck(_ stepID: String, _ finished: StepFinishedPayload) {
        let style = screen.style, symbols = screen.symbols
        if finished.outcome == .succeeded {
            screen.line("  " + style.green(symbols.ok) + " " + title(of: stepID))
            return
        }
        screen.line(
            "  " + style.red(symbols.failed) + " " + title(of: stepID)
                + style.dim(" (\(ResultLine(screen: screen).status(finished)))"))
        let text = String(decoding: checkOutput, as: UTF8.self)
        for line in text.split(separator: "\n").suffix(20) { screen.line(style.dim("    \(symbols.gutter) ") + line) }
    }

    /// The expected-versus-actual diff, `-` lines red, `+` lines green.
    private func showDiff(_ diff: String) {
        let style = screen.style
        screen.line(
            style.yellow("\(screen.symbols.warning) The output differs from the expected output")
                + style.dim(" (recorded as a deviation):"))
        for line in diff.split(separator: "\n") {
            let text = "    " + line
            if line.hasPrefix("---") || line.hasPrefix("+++") {
                screen.line(style.dim(text))
            } else if line.hasPrefix("-") {
                screen.line(style.red(text))
            } else if line.hasPrefix("+") {
                screen.line(style.green(text))
            } else {
                screen.line(style.dim(text))
            }
        }
    }
}
