import Foundation
import RunbookKit

/// The end of a run: what was done, skipped, edited, what deviated, how long it took.
struct SummaryScreen {
    let driver: InteractiveDriver

    func render(_ summary: RunSummary) {
        let screen = driver.screen, style = screen.style, symbols = screen.symbols
        let state = driver.state
        let steps = state.steps.values
        func count(_ phase: Phase, _ test: (RunState.StepState) -> Bool) -> Int { steps.filter { $0.phase == phase && test($0) }.count }
        let done = count(.main) { $0.outcome?.isSuccess == true && $0.skip == nil }
        let overridden = Set(state.deviations.filter { $0.deviation.kind == .overridden }.compactMap(\.stepID))
        let skipped = steps.filter { $0.skip?.why == .operatorChoice && !overridden.contains($0.id) }.count
        let edited = steps.filter { $0.editedCommand != nil }.count
        let failed = steps.filter { $0.outcome != nil && $0.outcome?.isSuccess == false && $0.skip == nil }.count
        let checks = count(.validation) { $0.outcome?.isSuccess == true }
        let duration = Date().timeIntervalSince(state.startedAt ?? driver.startedAt)
        screen.line("")
        screen.line(style.dim(String(repeating: symbols.rule, count: screen.width)))
        screen.line(style.bold("Summary") + style.dim(" \(symbols.dot) run \(summary.runID) \(symbols.dot) \(summary.status.rawValue)"))
        let total = driver.runbook.steps.count
        var counts = ["\(done) of \(total) step\(total == 1 ? "" : "s") done", "\(skipped) skipped", "\(edited) edited"]
        if failed > 0 { counts.append("\(failed) failed") }
        if !overridden.isEmpty { counts.append("\(overridden.count) prerequisite\(overridden.count == 1 ? "" : "s") overridden") }
        counts.append("\(state.deviations.count) deviation\(state.deviations.count == 1 ? "" : "s")")
        screen.line("  " + counts.joined(separator: ", ") + " in " + DurationText.format(duration))
        if !driver.runbook.validation.isEmpty {
            screen.line("  validation: \(checks) of \(driver.runbook.validation.count) check\(driver.runbook.validation.count == 1 ? "" : "s") passed")
        }
        if let plan = state.rollbackPlan {
            let ran = plan.filter { state.steps[$0]?.outcome?.isSuccess == true }.count
            screen.line("  rollback: \(ran) of \(plan.count) step\(plan.count == 1 ? "" : "s") ran" + (state.rollbackFinished?.succeeded == true ? "" : ", incomplete"))
        }
        for deviation in state.deviations {
            let detail = deviation.deviation.detail.split(separator: "\n").first.map(String.init) ?? ""
            let line = "\(deviation.stepID ?? "run"): \(deviation.deviation.kind.rawValue) — \(detail)"
            screen.line(style.yellow("  \(symbols.warning) ") + TextLayout.truncate(line, screen.width - 4))
        }
        if !state.notes.isEmpty { screen.line("  \(state.notes.count) note\(state.notes.count == 1 ? "" : "s") recorded") }
        screen.line("")
    }
}
