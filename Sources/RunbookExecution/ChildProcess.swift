import RunbookBytes
import RunbookRecords

#if canImport(Glibc)
import Glibc
import RunbookSpawn
#endif

/// A spawned step: its pid (= process group), the descriptors the runner reads, and its exit.
struct ChildProcess: RunningStep {
    struct Output {
        var descriptor: Int32
        var stream: OutputStreamKind
    }

    let pid: Int32
    private(set) var outputs: [Output]
    /// Readable when the process has exited (a pidfd); -1 where the kernel has none.
    private(set) var exitDescriptor: Int32
    /// The operator's input forwarded to a terminal step, and the terminal it goes to.
    let inputDescriptor: Int32?
    private let terminalMaster: Int32?
    private(set) var exitCode: Int32?
    private(set) var terminatingSignal: Int32?
    private var reaped = false

    // MARK: Spawning

    static func spawn(_ spec: ProcessSpec, pipeSize: Int) throws(ProcessStartError) -> ChildProcess {
        let setup = SpawnSetup()

        var outputs: [Output] = []
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        var master: Int32?
        if let terminal = spec.terminal {
            var masterDescriptor: Int32 = -1
            var slaveDescriptor: Int32 = -1
            var size = winsize(ws_row: terminal.rows, ws_col: terminal.columns, ws_xpixel: 0, ws_ypixel: 0)
            var name = [CChar](repeating: 0, count: 4096)
            guard openpty(&masterDescriptor, &slaveDescriptor, &name, nil, &size) == 0 else {
                throw ProcessStartError(executable: spec.executable, code: errno)
            }
            markCloseOnExec(masterDescriptor)
            markCloseOnExec(slaveDescriptor)
            // A new session whose controlling terminal is the pty: opening the slave by name
            // after setsid makes it the controlling terminal. setsid also makes a new group.
            setup.newSession()
            setup.open(
                String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), as: 0,
                mode: O_RDWR)
            setup.duplicate(0, to: 1)
            setup.duplicate(0, to: 2)
            outputs.append(Output(descriptor: masterDescriptor, stream: .terminal))
            parentEnds.append(masterDescriptor)
            childEnds.append(slaveDescriptor)
            master = masterDescriptor
        } else {
            setup.newProcessGroup()
            setup.open("/dev/null", as: 0, mode: O_RDONLY)
            for (target, stream) in [(Int32(1), OutputStreamKind.stdout), (2, .stderr)] {
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else {
                    let code = errno
                    (parentEnds + childEnds).forEach { _ = Glibc.close($0) }
                    throw ProcessStartError(executable: spec.executable, code: code)
                }
                markCloseOnExec(ends[0])
                markCloseOnExec(ends[1])
                _ = fcntl(ends[0], ChildProcess.setPipeSize, Int32(pipeSize))
                setup.duplicate(ends[1], to: target)
                outputs.append(Output(descriptor: ends[0], stream: stream))
                parentEnds.append(ends[0])
                childEnds.append(ends[1])
            }
        }

        let started = setup.spawn(
            spec.executable, arguments: spec.arguments, environment: spec.environment.map { "\($0.key)=\($0.value)" },
            searchPath: true)
        childEnds.forEach { _ = Glibc.close($0) }
        let pid: pid_t
        switch started {
        case .success(let started): pid = started
        case .failure(let error):
            parentEnds.forEach { _ = Glibc.close($0) }
            throw ProcessStartError(executable: spec.executable, code: error.code)
        }
        for descriptor in parentEnds {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        return ChildProcess(
            pid: pid, outputs: outputs, exitDescriptor: PidDescriptor.open(pid),
            inputDescriptor: master == nil ? nil : spec.terminal?.inputDescriptor, terminalMaster: master)
    }

    private init(pid: Int32, outputs: [Output], exitDescriptor: Int32, inputDescriptor: Int32?, terminalMaster: Int32?)
    {
        self.pid = pid
        self.outputs = outputs
        self.exitDescriptor = exitDescriptor
        self.inputDescriptor = inputDescriptor
        self.terminalMaster = terminalMaster
    }

    // glibc's value, hidden from Swift behind _GNU_SOURCE.
    private static let setPipeSize: Int32 = 1031

    private static func markCloseOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
    }

    // MARK: Running

    /// Reaps the process if it has exited; true once it has.
    mutating func reapIfExited() -> Bool {
        if reaped { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid { record(status) }
        return reaped
    }

    /// Blocks until the process exits.
    mutating func waitForExit() {
        guard !reaped else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        record(status)
    }

    mutating func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
        outputs.removeAll { $0.descriptor == descriptor }
    }

    /// Copies what the operator typed into the terminal.
    func forwardInput(buffer: UnsafeMutableRawPointer, capacity: Int) {
        guard let input = inputDescriptor, let master = terminalMaster else { return }
        let count = read(input, buffer, capacity)
        guard count > 0 else { return }
        DescriptorOutput.writeAll(UnsafeRawBufferPointer(start: buffer, count: count), to: master)
    }

    func signal(_ signal: Int32) {
        ProcessGroup.signal(pid, signal)
    }

    /// The exit path of last resort: kill the whole group and reap the leader.
    mutating func killAndReapIfRunning() {
        for output in outputs { _ = Glibc.close(output.descriptor) }
        outputs.removeAll()
        if exitDescriptor >= 0 {
            _ = Glibc.close(exitDescriptor)
            exitDescriptor = -1
        }
        guard !reaped else { return }
        ProcessGroup.signal(pid, SIGKILL)
        waitForExit()
    }

    private mutating func record(_ status: Int32) {
        reaped = true
        // WIFEXITED / WTERMSIG are macros Swift cannot import.
        let low = status & 0x7f
        if low == 0 {
            exitCode = (status >> 8) & 0xff
        } else if low != 0x7f {
            terminatingSignal = low
        }
        if exitDescriptor >= 0 {
            _ = Glibc.close(exitDescriptor)
            exitDescriptor = -1
        }
    }
}
