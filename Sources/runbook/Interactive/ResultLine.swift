import RunbookKit

/// The line after a step ran: `✓ exit 0 · 1.2s · output as expected`.
struct ResultLine {
    let screen: Screen

    func describe(_ finished: StepFinishedPayload) -> String {
        let style = screen.style, symbols = screen.symbols
        var parts = [status(finished), DurationText.format(finished.durationSeconds)]
        if let match = finished.match { parts.append(match.matched ? "output as expected" : "output differs") }
        // Hosts of a `parallel=N` step end in any order: each end says whose it is.
        if let host = finished.remoteHost { parts.append("on \(TerminalText.visible(host))") }
        let text = parts.joined(separator: " \(symbols.dot) ")
        switch finished.outcome {
        case .succeeded: return style.green(symbols.ok) + " " + text
        case .confirmed: return style.green(symbols.ok) + " done"
        case .interrupted, .timedOut: return style.yellow(symbols.warning) + " " + text
        case .failed, .notStarted: return style.red(symbols.failed) + " " + text
        }
    }

    func status(_ finished: StepFinishedPayload) -> String {
        switch finished.outcome {
        case .succeeded: return "exit 0"
        case .confirmed: return "done"
        case .timedOut: return "timed out"
        case .interrupted: return "interrupted"
        case .notStarted: return "not started: \(finished.error ?? "unknown error")"
        case .failed:
            if let signal = finished.signal { return "killed by signal \(signal)" }
            if let error = finished.error { return error }
            return "exit \(finished.exitCode ?? -1)"
        }
    }
}
