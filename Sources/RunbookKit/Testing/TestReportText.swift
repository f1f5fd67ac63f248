import Foundation

/// The plain-text report of `runbook test`: a line per runbook, the evidence under a failure,
/// the reason beside a skip, and the totals.
public enum TestReportText {
    public static func render(_ results: [RunbookTestResult]) -> String {
        var text = ""
        for result in results { text += render(result) }
        return text + totals(results)
    }

    /// The closing line: `3 runbooks: 2 passed, 1 failed, 0 skipped`.
    public static func totals(_ results: [RunbookTestResult]) -> String {
        let totals = TestTotals(results)
        let noun = totals.total == 1 ? "runbook" : "runbooks"
        return
            "\n\(totals.total) \(noun): \(totals.passed) passed, \(totals.failed) failed, \(totals.skipped) skipped\n"
    }

    public static func render(_ result: RunbookTestResult) -> String {
        let time = String(format: "%.1fs", result.durationSeconds)
        switch result.verdict {
        case .passed:
            let skipped = result.steps.filter(\.verdict.isSkipped)
            let passed = result.steps.count - skipped.count
            var text =
                "PASS  \(result.path)  (\(passed) \(passed == 1 ? "step" : "steps") passed, \(skipped.count) skipped, \(time))\n"
            for step in skipped {
                if case .skipped(let reason) = step.verdict { text += "      skipped \(step.id): \(reason)\n" }
            }
            return text
        case .failed(let message, let detail):
            var text = "FAIL  \(result.path)  (\(time))\n      \(message)\n"
            if !detail.isEmpty {
                text +=
                    detail.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(
                        separator: "\n") + "\n"
            }
            if let run = result.runID { text += "      run: \(run) (runbook log \(run))\n" }
            if let scratch = result.keptScratchDirectory { text += "      scratch directory kept: \(scratch)\n" }
            return text
        case .skipped(let reason):
            return "SKIP  \(result.path)  (\(reason))\n"
        }
    }
}
