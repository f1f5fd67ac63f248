import RunbookRecords

/// Each transcript command's output, cut out of the two streams at the console wrapper's
/// markers (`TranscriptMarkerFilter`), with the status each marker reported.
struct TranscriptCapture {
    struct Command {
        var stdout: OutputCapture
        var stderr: OutputCapture
        /// Both streams in the order the engine read them, for diffs.
        var combined: OutputCapture
        /// The status from the command's marker; nil when no marker came (it did not run, or
        /// the shell ended during it).
        var status: Int?

        var printed: PrintedOutput {
            PrintedOutput(stdout: stdout.keptBytes, stderr: stderr.keptBytes, combined: combined.keptBytes)
        }
    }

    private(set) var commands: [Command]
    /// The 0-based command each stream's output belongs to now: the markers seen on it.
    private var position: [OutputStreamKind: Int] = [:]

    init(count: Int, headLimit: Int, tailLimit: Int) {
        let empty = OutputCapture(headLimit: headLimit, tailLimit: tailLimit)
        commands = Array(repeating: Command(stdout: empty, stderr: empty, combined: empty), count: count)
    }

    mutating func append(_ stream: OutputStreamKind, _ bytes: UnsafeRawBufferPointer) {
        guard !commands.isEmpty else { return }
        // Output after the last marker (a background job, the EXIT trap) goes with the last command.
        let index = min(position[stream, default: 0], commands.count - 1)
        if stream == .stderr { commands[index].stderr.append(bytes) } else { commands[index].stdout.append(bytes) }
        commands[index].combined.append(bytes)
    }

    /// Command `index` (1-based) ended with `status`, as `stream` reports it.
    mutating func marker(_ stream: OutputStreamKind, index: Int, status: Int) {
        guard commands.indices.contains(index - 1) else { return }
        commands[index - 1].status = status
        position[stream] = index
    }
}
