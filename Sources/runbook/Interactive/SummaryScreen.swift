import Foundation
import RunbookKit

/// The end of a run: what was done, skipped, edited, what deviated, how long it took.
struct SummaryScreen {
    let driver: InteractiveDriver

    func render(_ summary: RunSummary) {
        let screen = driver.screen, style = screen.style, symbols = screen.symbols
        let state = driver.state
        // Every count comes from the fold, against the runbook's own steps.
        let progress = RunProgress(state: state, runbook: driver.runbook)
        let duration = Date().timeIntervalSince(state.startedAt ?? driver.startedAt)
        screen.line("")
        screen.line(style.dim(String(repeating: symbols.rule, count: screen.width)))
        screen.line(
            style.bold("Summary")
                + style.dim(" \(symbols.dot) run \(summary.runID) \(symbols.dot) \(summary.status.rawValue)"))
        var counts = [
            "\(progress.done) of \(progress.total) step\(progress.total == 1 ? "" : "s") done",
            "\(progress.skipped) skipped", "\(progress.edited) edited",
        ]
        if progress.failed > 0 { counts.append("\(progress.failed) failed") }
        if progress.interrupted > 0 { counts.append("\(progress.interrupted) interrupted") }
        if progress.overridden > 0 {
            counts.append("\(progress.overridden) prerequisite\(progress.overridden == 1 ? "" : "s") overridden")
        }
        counts.append("\(state.deviations.count) deviation\(state.deviations.count == 1 ? "" : "s")")
        screen.line("  " + counts.joined(separator: ", ") + " in " + DurationText.format(duration))
        if progress.checks > 0 {
            let checks = "\(progress.checks) check\(progress.checks == 1 ? "" : "s")"
            if progress.checksRun == 0 {
                screen.line("  validation: not run (\(checks))")
            } else {
                screen.line(
                    "  validation: \(progress.checksPassed) of \(checks) passed"
                        + (progress.checksRun < progress.checks
                            ? ", \(progress.checks - progress.checksRun) not run" : ""))
            }
        }
        if let plan = state.rollbackPlan {
            let ran = plan.filter { state.steps[$0]?.outcome?.isSuccess == true }.count
            screen.line(
                "  rollback: \(ran) of \(plan.count) step\(plan.count == 1 ? "" : "s") ran"
                    + (state.rollbackFinished?.succeeded == true ? "" : ", incomplete"))
        }
        for deviation in state.deviations {
            let line =
                "\(deviation.stepID ?? "run"): \(deviation.deviation.kind.rawValue) — \(deviation.deviation.headline)"
            screen.line(style.yellow("  \(symbols.warning) ") + line)
        }
        if !state.notes.isEmpty {
            screen.line("  \(state.notes.count) note\(state.notes.count == 1 ? "" : "s") recorded")
        }
        screen.line("")
    }
}
