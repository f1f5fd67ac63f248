import Foundation
import RunbookRecords

#if canImport(Glibc)
import Glibc
#endif

/// A host's attempt on its thread: its own runner, fed signals by the fan-out through `relay`.
final class FanOutWorker: @unchecked Sendable {
    let id: Int
    /// The host, as live output shows it.
    let label: String
    let run: StepAttemptRun
    let runner: ProcessRunner
    /// Where the fan-out passes signals to `runner`.
    let relay: InterruptRelay
    private let mailbox: FanOutMailbox
    /// Output held back until its line ends; past this, it is passed on anyway.
    private static let longestLine = 64 * 1024

    init(
        id: Int, label: String, run: StepAttemptRun, runner: ProcessRunner, relay: InterruptRelay,
        mailbox: FanOutMailbox
    ) {
        self.relay = relay
        self.id = id
        self.label = label
        self.run = run
        self.runner = runner
        self.mailbox = mailbox
    }

    func start() {
        let thread = Thread { [self] in main() }
        thread.name = "runbook-host-\(label)"
        thread.start()
    }

    private func main() {
        var held: [OutputStreamKind: [UInt8]] = [:]
        run.perform(with: runner) { stream, bytes in
            var line = held[stream] ?? []
            line.append(contentsOf: bytes)
            if let end = line.lastIndex(of: 0x0A) {
                mailbox.post(.output(id, stream, Array(line[...end])))
                line.removeSubrange(...end)
            } else if line.count >= Self.longestLine {
                mailbox.post(.output(id, stream, line))
                line.removeAll()
            }
            held[stream] = line
        }
        for stream in [OutputStreamKind.stdout, .stderr, .terminal] {
            if let rest = held[stream], !rest.isEmpty { mailbox.post(.output(id, stream, rest)) }
        }
        mailbox.post(.ended(id))
    }
}
