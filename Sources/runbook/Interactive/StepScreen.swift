import Foundation
import RunbookKit

/// What the operator sees before deciding about a step: where it is in the procedure, the
/// prose the author wrote before it, the command (with the values of the variables it uses,
/// secrets masked) and what it will ask or check.
struct StepScreen {
    let runbook: Runbook
    let screen: Screen

    func render(_ planned: PlannedStep, isRollback: Bool) {
        let style = screen.style, symbols = screen.symbols
        let step = planned.step
        let width = screen.width
        screen.line("")
        screen.line(style.dim(String(repeating: symbols.rule, count: width)))
        screen.line(style.bold("\(position(planned, isRollback: isRollback)) \(symbols.dot) \(step.title)"))
        let section = sectionText(step)
        if !section.isEmpty {
            screen.line(style.dim("Section: \(section)"))
        }
        let prose = step.context.trimmingCharacters(in: .whitespacesAndNewlines)
        if !prose.isEmpty {
            screen.line("")
            for line in TextLayout.wrap(prose, width: width - 2, indent: "  ") { screen.line(line) }
        }
        screen.line("")
        if step.kind == .manual {
            for (index, line) in TextLayout.wrap(step.command, width: width - 4, indent: "").enumerated() {
                screen.line((index == 0 ? "  \(symbols.bullet) " : "    ") + style.bold(line))
            }
        } else {
            let lines = planned.displayCommand.split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast(planned.displayCommand.hasSuffix("\n") ? 1 : 0)
            for line in StepScreen.commandLines(lines.map(String.init), width: width, symbols: symbols) {
                screen.line(style.cyan(line))
            }
            let used = TextLayout.variableReferences(in: planned.command).compactMap { name in
                (planned.variables[name] ?? planned.sessionValues[name]).map { "\(name)=\($0)" }
            }
            if !used.isEmpty {
                // Before a destructive step the values are what the operator must check: shown
                // plainly, one per line, not dimmed.
                if step.isDestructive {
                    screen.line(style.yellow("    with these values:"))
                    for value in used { screen.line("      " + value) }
                } else {
                    screen.line(style.dim("    with " + used.joined(separator: "  ")))
                }
            }
        }
        for line in TextLayout.join(marks(planned), separator: " \(symbols.dot) ", width: width - 2, style: style) {
            screen.line("  " + line)
        }
        screen.line("")
    }

    /// A command as shown: `  $ ` before its first line, four spaces before the others (as
    /// written), and a line too long for the screen continued on lines behind a continuation
    /// mark, so nothing is broken by the terminal mid-word and nothing reads as a new line.
    static func commandLines(_ lines: [String], width: Int, symbols: Symbols) -> [String] {
        var out: [String] = []
        let mark = "  \(symbols.continuation) ".padding(
            toLength: max(4, symbols.continuation.count + 3), withPad: " ", startingAt: 0)
        for (index, line) in lines.enumerated() {
            let pieces = WordWrap.commandPieces(line, width: width - max(4, mark.count))
            for (piece, text) in pieces.enumerated() {
                out.append((piece > 0 ? mark : index == 0 ? "  $ " : "    ") + text)
            }
        }
        return out
    }

    /// The headings above the step, without the document's title (a lone `#` heading) and
    /// without the step's own title when it is the heading it sits under.
    func sectionText(_ step: Step) -> String {
        var path = runbook.sectionPath(of: step)
        let topLevel = runbook.sections.filter { $0.level == 1 }
        if let first = path.first, first == runbook.title || (topLevel.count == 1 && topLevel[0].title == first) {
            path.removeFirst()
        }
        if path.last == step.title { path.removeLast() }
        return path.joined(separator: " › ")
    }

    /// `Step 4/12`, `Prerequisite 2/6`, `Validation 1/1`, `Rollback 1/2`.
    func position(_ planned: PlannedStep, isRollback: Bool) -> String {
        let step = planned.step
        if isRollback { return "Rollback \(planned.position)/\(planned.total)" }
        let list = runbook.steps(in: step.phase)
        let index = (list.firstIndex { $0.id == step.id } ?? 0) + 1
        switch step.phase {
        case .prerequisite: return "Prerequisite \(index)/\(list.count)"
        case .main: return "Step \(index)/\(list.count)"
        case .validation: return "Validation \(index)/\(list.count)"
        case .rollback: return "Rollback \(index)/\(list.count)"
        }
    }

    private func marks(_ planned: PlannedStep) -> [String] {
        let style = screen.style, step = planned.step
        var marks: [String] = []
        if step.kind == .manual { marks.append("manual: do it, then mark it done") }
        if step.isDestructive { marks.append(style.red(style.bold("\(screen.symbols.warning) destructive"))) }
        switch step.confirmation {
        case .none: break
        case .yesNo: marks.append(style.yellow("asks y/N"))
        case .phrase(let phrase): marks.append(style.yellow("asks you to type “\(phrase)”"))
        case .variable(let name): marks.append(style.yellow("asks you to type the value of \(name)"))
        }
        if let transcript = step.transcript {
            marks.append("checks \(transcript.count) command\(transcript.count == 1 ? "" : "s") against the transcript")
        } else if let expected = step.expectedOutput {
            marks.append("expected output: \(expected.lines.count) line\(expected.lines.count == 1 ? "" : "s")")
        }
        if step.expectedOutput != nil || step.transcript != nil, planned.expectation == .strict {
            marks.append(style.yellow("a mismatch fails the step"))
        }
        if let timeout = step.timeout { marks.append("timeout \(DurationText.format(timeout))") }
        if step.isInteractive { marks.append("on a terminal") }
        if step.workingDirectory != nil { marks.append("in \(planned.workingDirectory)") }
        return marks
    }
}
