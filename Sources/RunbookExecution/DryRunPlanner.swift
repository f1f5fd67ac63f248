import Foundation
import RunbookDocument

/// `--dry-run`: the plan a run would follow, resolved (variables, directories, what would be
/// skipped or need confirmation) without running anything or writing a record.
public struct DryRunPlan: Sendable {
    public enum Action: Sendable, Hashable {
        /// Would run (or, for a manual step, ask the operator).
        case run
        /// Would stop for a confirmation (`confirm`, `destructive`, manual).
        case confirm
        /// Excluded from run-all by the author.
        case excluded
        /// Left out by `--only` or `--tag`.
        case notSelected
        /// Requires capabilities the run declared missing (`--without`).
        case missingCapability([String])
        /// Before `--from`.
        case beforeStart
        /// Already done in the run being resumed.
        case done
    }

    public struct Item: Sendable, Hashable {
        public var planned: PlannedStep
        public var action: Action
        /// Where an earlier step's `cd` leaves the session, when the step starts elsewhere than
        /// `planned.workingDirectory` says (a guess from the text: `DirectoryGuess`).
        public var guessedDirectory: GuessedDirectory?
    }

    /// The directory a step would start in after an earlier step's `cd`.
    public struct GuessedDirectory: Sendable, Hashable {
        /// `nil` when the `cd` leads somewhere only the run knows.
        public var path: String?
        /// The step whose `cd` it was.
        public var stepID: String
    }

    public var shell: String
    public var items: [Item]
    /// The rollback, in document order (what actually runs depends on what completed).
    public var rollback: [PlannedStep]
    /// Variables with values, secrets as `[secret:NAME]`, and where each came from.
    public var variables: [(name: String, shown: String, source: VariableSource)]
    /// Declared variables without a value yet (a real run asks, or needs `--var`).
    public var unset: [Variable] = []
    /// The ssh destination of each host the front matter names, as written (`$BACKUP_HOST`).
    public var hostDestinations: [String: String] = [:]

    /// `backup (root@backup-nas)`, or the bare name when ssh is handed the name itself.
    public func hostLabel(_ name: String) -> String {
        guard let destination = hostDestinations[name], destination != name else { return name }
        return "\(name) (\(destination))"
    }
}

public enum DryRunPlanner {
    /// - Parameter done: ids already done (a resumed run); they are listed as such.
    public static func plan(
        _ runbook: Runbook, variables: ResolvedVariables, options: EngineOptions, done: Set<String> = []
    ) throws(EngineError) -> DryRunPlan {
        let checklist = runbook.prerequisites + runbook.steps + runbook.validation
        var startIndex: Int?
        if let start = options.startStep {
            guard let index = checklist.firstIndex(where: { $0.isNamed(start) }) else { throw .unknownStep(start) }
            startIndex = index
        }
        if let unmatched = options.selection.unmatched(in: checklist) { throw .nothingSelected(unmatched) }
        let environment = Engine.baseline(runbook, variables: variables, options: options)
        let directory = Engine.initialDirectory(runbook, options: options)
        let blockDirectoryBase = Engine.blockDirectoryBase(runbook, options: options)
        let redactor = variables.redactor
        var shown = variables.publicValues
        for name in variables.secretNames { shown[name] = "[secret:\(name)]" }
        func planned(_ step: Step, _ position: Int, _ total: Int) -> PlannedStep {
            let cwd =
                step.workingDirectory.map {
                    PathExpansion.expand($0, environment: environment, relativeTo: blockDirectoryBase)
                } ?? directory
            var planned = PlannedStep(
                step: step, command: step.command, displayCommand: redactor.redact(step.command), workingDirectory: cwd,
                variables: shown, position: position, total: total)
            planned.hosts = runbook.hostNames(of: step)
            if let first = planned.hosts.first, first != HostInventory.localName {
                planned.workingDirectory = step.workingDirectory ?? RemoteHost.loginDirectory
            }
            return planned
        }
        let items = checklist.enumerated().map { index, step -> DryRunPlan.Item in
            let plannedStep = planned(step, index + 1, checklist.count)
            let action: DryRunPlan.Action
            if done.contains(step.id) {
                action = .done
            } else if !options.selection.isEmpty && !options.selection.contains(step) {
                action = .notSelected
            } else if step.isExcluded && !options.selection.contains(step) {
                action = .excluded
            } else if !options.missing(for: step).isEmpty {
                action = .missingCapability(options.missing(for: step))
            } else if let startIndex, index < startIndex, step.phase != .prerequisite {
                action = .beforeStart
            } else {
                action = plannedStep.needsConfirmation ? .confirm : .run
            }
            return DryRunPlan.Item(planned: plannedStep, action: action)
        }
        let rollback = runbook.rollback.enumerated().map { planned($1, $0 + 1, runbook.rollback.count) }
        let listed = variables.values.keys.sorted().map { name in
            (name, shown[name] ?? "", variables.sources[name] ?? .option)
        }
        var plan = DryRunPlan(
            shell: runbook.shell, items: guessDirectories(items, variables: shown, home: environment["HOME"]),
            rollback: rollback, variables: listed)
        plan.unset = runbook.variables.filter { variables.values[$0.name] == nil }
        plan.hostDestinations = runbook.hosts?.destinations ?? [:]
        return plan
    }

    /// Follows the `cd`s of the steps that would run: the session carries the directory to
    /// the next step unless that step names its own (`cwd=`).
    static func guessDirectories(_ items: [DryRunPlan.Item], variables: [String: String], home: String?) -> [DryRunPlan
        .Item]
    {
        var guess: DryRunPlan.GuessedDirectory?
        return items.map { item in
            var item = item
            let runs = item.action == .run || item.action == .confirm
            guard runs, item.planned.step.kind != .manual else { return item }
            if item.planned.step.workingDirectory == nil { item.guessedDirectory = guess }
            let start = (item.planned.step.workingDirectory == nil ? guess?.path : nil) ?? item.planned.workingDirectory
            if item.planned.step.workingDirectory == nil, guess != nil, guess?.path == nil { return item }
            switch DirectoryGuess.after(item.planned.command, from: start, variables: variables, home: home) {
            case .unchanged: break
            case .changed(let path): guess = .init(path: path, stepID: item.planned.step.id)
            case .unknown: guess = .init(path: nil, stepID: item.planned.step.id)
            }
            return item
        }
    }
}
