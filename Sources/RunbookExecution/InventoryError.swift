import Foundation

/// An Ansible inventory (`--inventory FILE`) could not be read, or a runbook names a group it
/// does not have.
public struct InventoryError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable {
        /// The file does not exist.
        case noSuchFile
        /// `ansible-inventory` is not on `PATH`.
        case toolMissing
        /// It could not be started (the error number).
        case notStarted(Int32)
        /// It ended badly: how, and its last line on stderr.
        case failed(status: String, said: String?)
        /// It did not answer in time (seconds).
        case timedOut(Double)
        /// What it printed is not the JSON `--list` prints.
        case unreadableJSON
        /// The runbook names a group (`host=@NAME`) that neither the inventory nor `hosts:` has.
        case unknownGroup(String)
    }

    /// The inventory file, as the operator gave it.
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .noSuchFile:
            return "cannot read the inventory \(path): there is no such file."
        case .toolMissing:
            return
                "cannot read the inventory \(path): ansible-inventory is not installed (apt-get install ansible-core, or pip install ansible-core)."
        case .notStarted(let code):
            return
                "cannot read the inventory \(path): ansible-inventory could not be started (\(String(cString: strerror(code))))."
        case .failed(let status, let said):
            return "cannot read the inventory \(path): ansible-inventory ended with \(status)"
                + (said.map { ": \($0)" } ?? ".")
        case .timedOut(let seconds):
            return "cannot read the inventory \(path): ansible-inventory did not answer within \(Int(seconds)) seconds."
        case .unreadableJSON:
            return "cannot read the inventory \(path): ansible-inventory --list did not print the JSON it should."
        case .unknownGroup(let group):
            return
                "the host group '\(group)' is neither in the inventory \(path) nor in the runbook's hosts: (check its name, or add it to the inventory)."
        }
    }
}
