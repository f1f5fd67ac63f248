import Foundation

/// One run of a program from a test: both output streams read at once (a child that fills the
/// stderr pipe while the test reads stdout would otherwise block both forever) and a deadline
/// after which the child is killed, so a hang is a failed test, not a stuck test run.
public struct ProgramRun: Sendable {
    /// How long a child may run unless the caller says otherwise; `RUNBOOK_TEST_TIMEOUT`
    /// (seconds) raises it on a slow machine.
    public static let defaultTimeout: TimeInterval =
        ProcessInfo.processInfo.environment["RUNBOOK_TEST_TIMEOUT"].flatMap(TimeInterval.init) ?? 300

    public var status: Int32
    public var signaled: Bool
    public var timedOut: Bool
    public var stdout: Data
    public var stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Runs `executable` to its end (or its deadline) and returns its status and output.
    public static func run(
        _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil,
        input: Data? = nil, timeout: TimeInterval = defaultTimeout
    ) throws -> ProgramRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        return collect(process, stdout: out, stderr: err, input: input.map { ($0, inPipe) }, timeout: timeout)
    }

    /// Waits for a started `process`, reading its two pipes concurrently and feeding `input`.
    public static func collect(
        _ process: Process, stdout: Pipe, stderr: Pipe, input: (Data, Pipe)? = nil,
        timeout: TimeInterval = defaultTimeout
    ) -> ProgramRun {
        let errors = DataBox()
        let readers = DispatchGroup()
        let stderrHandle = stderr.fileHandleForReading
        DispatchQueue.global().async(group: readers) { errors.set(stderrHandle.readDataToEndOfFile()) }
        if let input {
            let (data, writer) = (input.0, input.1.fileHandleForWriting)
            DispatchQueue.global().async(group: readers) {
                try? writer.write(contentsOf: data)
                try? writer.close()
            }
        }
        let watchdog = Watchdog(process: process, timeout: timeout)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        readers.wait()
        process.waitUntilExit()
        let timedOut = watchdog.finish()
        return ProgramRun(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, stdout: output, stderr: errors.get())
    }
}

/// Bytes handed from a reader thread to the waiting test.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// Kills a child that outlives its deadline; `finish` says whether it had to.
private final class Watchdog: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var fired = false

    init(process: Process, timeout: TimeInterval) {
        let pid = process.processIdentifier
        DispatchQueue.global().async { [self] in
            guard done.wait(timeout: .now() + timeout) == .timedOut else { return }
            lock.withLock { fired = true }
            kill(pid, SIGKILL)
        }
    }

    func finish() -> Bool {
        done.signal()
        return lock.withLock { fired }
    }
}
