import Foundation
import RunbookKit

/// The terminal UI: a `Driver` that asks the operator at every decision and a `RunObserver`
/// that shows the run as it happens. One object, because what it asks depends on what it has
/// just shown (the last output, whether a check failed).
///
/// The engine calls it on its own thread; only `ProgressTicker` writes from another one, and
/// `Screen` serialises the two.
final class InteractiveDriver: Driver, RunObserver {
    let runbook: Runbook
    let screen: Screen
    let keys: KeyReader
    let input: Int32
    let recordsPath: String
    /// The run as the events seen so far say it stands (preloaded on resume).
    var state = RunState()
    /// The last executed step's captured output, for "back".
    var lastOutput: (title: String, outputs: [OutputPayload])?
    /// Output of a prerequisite or validation check, shown only if the check fails.
    var checkOutput: [UInt8] = []
    /// Live output is at the start of a line (the gutter goes there).
    var atLineStart = true
    /// `[host] ` after the gutter of each line a step on another host prints; empty here.
    var hostLabel = ""
    let ticker: ProgressTicker
    /// The phase whose heading was shown last.
    var shownPhase: Phase?
    /// The step and situation whose screen is on display, so a note does not redraw it.
    var shownRequest: String?
    var startedAt = Date()
    /// The running step has the terminal (Runme's `interactive`): its output passes unchanged.
    var interactiveStep = false
    /// Edits the operator kept without running them, by step id: `r` runs the edit, `e` changes
    /// it or restores the written command.
    var keptEdits: [String: String] = [:]
    /// `--on-failure`: the answer Enter gives when a step failed.
    var onFailure: FailurePolicy = .stop
    /// The operator pressed Ctrl-C at a prompt for a variable's value: the run stops (exit 3).
    var interruptedAtPrompt = false

    init(
        runbook: Runbook, recordsPath: String, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
        monitor: SignalMonitor?
    ) {
        self.runbook = runbook
        self.recordsPath = recordsPath
        self.input = input
        screen = Screen(descriptor: output)
        keys = KeyReader(descriptor: input, monitor: monitor)
        ticker = ProgressTicker(screen: screen, monitor: monitor)
        TerminalGuard.install(descriptor: input)
    }

    /// True when both stdin and stdout are terminals: someone is there to answer.
    static var terminalAttached: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// The pseudo-terminal interactive steps get: the size of ours, and our keys.
    func terminalSpec() -> TerminalSpec {
        var size = winsize()
        guard ioctl(screen.descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else {
            return TerminalSpec(inputDescriptor: input)
        }
        return TerminalSpec(rows: size.ws_row, columns: size.ws_col, inputDescriptor: input)
    }

    /// Gives the terminal back as it was.
    func close() {
        ticker.stop()
        TerminalGuard.restoreNow()
    }

    /// Switches to key-by-key reading and drops keys typed before the question.
    func prepareForQuestion() {
        ticker.stop()
        TerminalMode.keys.apply(to: input)
        keys.discardTypeAhead()
    }

    var lineEditor: LineEditor { LineEditor(screen: screen, keys: keys) }

    // MARK: Driver

    func decide(_ request: DecisionRequest) -> Decision {
        let step = request.step.step
        let automatic =
            step.kind != .manual && !request.isRollback && (step.phase == .prerequisite || step.phase == .validation)
        if case .proposal = request.situation, automatic {
            showPhaseHeading(step.phase)
            return .run
        }
        prepareForQuestion()
        return ask(request)
    }

    func confirm(_ request: ConfirmationRequest) -> ConfirmationAnswer {
        prepareForQuestion()
        return ConfirmationPrompt(driver: self).ask(request)
    }

    func value(for variable: Variable) -> String? {
        prepareForQuestion()
        switch VariablePrompt(driver: self).ask(variable, current: nil) {
        case .value(let value): return value
        case .cancelled: return nil
        case .interrupted:
            interruptedAtPrompt = true
            return nil
        }
    }

    func lessons(after summary: RunSummary) -> [String] {
        prepareForQuestion()
        SummaryScreen(driver: self).render(summary)
        return LessonsPrompt(driver: self).ask()
    }

    /// Shows `Prerequisites` / `Steps` / `Validation` once when a phase begins.
    func showPhaseHeading(_ phase: Phase) {
        guard shownPhase != phase else { return }
        shownPhase = phase
        let title: String
        switch phase {
        case .prerequisite: title = "Prerequisites"
        case .main: return
        case .validation: title = "Validation"
        case .rollback: title = "Rollback"
        }
        screen.line("")
        screen.line(screen.style.bold(title))
    }
}

extension InteractiveDriver {
    /// Before a resumed run continues: what it is, where it stopped, the checklist with how
    /// each step stands, the values in use, the notes so far and what changed in the runbook.
    func showResuming(_ run: RunRecord, state: RunState, changes: [StepChange] = []) {
        self.state = state
        StartScreen(runbook: runbook, screen: screen).render()
        ResumeScreen(runbook: runbook, screen: screen).render(run, state: state, changes: changes)
        if let last = state.completionOrder.last.flatMap({ state.steps[$0] }) {
            lastOutput = (runbook.step(named: last.id)?.title ?? last.id, last.outputs)
        }
    }
}
