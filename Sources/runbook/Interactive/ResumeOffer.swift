import Foundation
import RunbookKit

/// Offers to continue an unfinished run of the same runbook instead of starting over.
struct ResumeOffer {
    enum Answer { case resume, newRun, quit }

    let driver: InteractiveDriver

    func ask(_ run: RunRecord) -> Answer {
        let screen = driver.screen, style = screen.style
        let state = try? RecordStore(path: driver.recordsPath).state(of: run.id)
        // Steps of this runbook whose last attempt succeeded: not prerequisites, not skips.
        let done = state.map { RunProgress(state: $0, runbook: driver.runbook).done } ?? 0
        let reason = state?.pauseReason.map { ": \($0)" } ?? ""
        screen.line(style.yellow("An unfinished run of this runbook exists:"))
        screen.line("  \(run.id) \(screen.symbols.dot) \(run.status.rawValue)\(reason)")
        screen.line(
            "  started \(Self.age(run.startedAt)) by \(run.operatorName)@\(run.host), \(done) of \(driver.runbook.steps.count) step\(driver.runbook.steps.count == 1 ? "" : "s") done"
        )
        let choices = [
            Choice(key: "r", label: "resume it", value: Answer.resume, help: "continue that run where it stopped"),
            Choice(
                key: "s", label: "start a new run", value: Answer.newRun,
                help: "start from the beginning; the old run stays unfinished"),
            Choice(key: "q", label: "quit", value: Answer.quit, help: "do nothing"),
        ]
        let prompt = ChoicePrompt<Answer>(screen: screen, keys: driver.keys)
        while true {
            switch prompt.ask(choices, defaultKey: "r") {
            case .chosen(let answer): return answer
            case .help: screen.line(prompt.help(choices, defaultKey: "r"))
            case .interrupt, .signal: return .quit
            }
        }
    }

    static func age(_ date: Date) -> String {
        let seconds = Date().timeIntervalSince(date)
        return seconds < 60 ? "just now" : DurationText.format(seconds) + " ago"
    }
}
