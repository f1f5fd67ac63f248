import RunbookDocument

// Each payload's fields, once: key, and the property holding its value (whose type says how it
// is written and read). `blank` is any value of the type; reading overwrites its required
// fields and sets the optional ones it finds.

extension RunStartedPayload {
    public static let schema = PayloadSchema(
        blank: RunStartedPayload(
            revisionHash: "", runbookID: "", path: "", title: "", operatorName: "", host: "", mode: .auto,
            toolVersion: "",
            variables: [:], secretNames: [], session: SessionSnapshot(workingDirectory: "")),
        .init("revisionHash", \.revisionHash), .init("runbookID", \.runbookID), .init("path", \.path),
        .init("title", \.title),
        .init("operatorName", \.operatorName), .init("host", \.host), .init("mode", \.mode),
        .init("toolVersion", \.toolVersion),
        .init("variables", \.variables), .init("secretNames", \.secretNames), .init("startStep", \.startStep),
        .init("preconfirmed", \.preconfirmed), .init("allowDestructive", \.allowDestructive),
        .init("session", \.session))
}

extension StepStartedPayload {
    public static let schema = PayloadSchema(
        blank: StepStartedPayload(
            phase: .main, kind: .shell, title: "", command: "", attempt: 0, workingDirectory: nil, isInteractive: false),
        .init("phase", \.phase), .init("kind", \.kind), .init("title", \.title), .init("command", \.command),
        .init("attempt", \.attempt),
        .init(interned: "workingDirectory", \.workingDirectory), .init("isInteractive", \.isInteractive),
        .init(interned: "remoteHost", \.remoteHost))
}

extension OutputPayload {
    public static let schema = PayloadSchema(
        blank: OutputPayload(stream: .stdout, text: "", totalBytes: 0, droppedBytes: 0),
        .init("stream", \.stream), .init("text", \.text), .init("totalBytes", \.totalBytes),
        .init("droppedBytes", \.droppedBytes),
        .init("base64", \.base64), .init(interned: "remoteHost", \.remoteHost))
}

extension StepFinishedPayload {
    public static let schema = PayloadSchema(
        blank: StepFinishedPayload(phase: .main, outcome: .succeeded, durationSeconds: 0),
        .init("phase", \.phase), .init("outcome", \.outcome), .init("exitCode", \.exitCode), .init("signal", \.signal),
        .init("durationSeconds", \.durationSeconds), .init("match", \.match), .init("session", \.session),
        .init("error", \.error),
        .init("commands", \.commandList), .init("processGroup", \.processGroup),
        .init(interned: "remoteHost", \.remoteHost))
}

extension SkippedPayload {
    public static let schema = PayloadSchema(
        blank: SkippedPayload(phase: .main, why: .operatorChoice, reason: ""),
        .init("phase", \.phase), .init("why", \.why), .init("reason", \.reason))
}

extension CommandEditedPayload {
    public static let schema = PayloadSchema(
        blank: CommandEditedPayload(original: "", executed: ""), .init("original", \.original),
        .init("executed", \.executed))
}

extension ConfirmedPayload {
    public static let schema = PayloadSchema(
        blank: ConfirmedPayload(method: .answered, requirement: ""), .init("method", \.method),
        .init("requirement", \.requirement))
}

extension TextPayload {
    public static let schema = PayloadSchema(blank: TextPayload(text: ""), .init("text", \.text))
}

extension DeviationPayload {
    public static let schema = PayloadSchema(
        blank: DeviationPayload(kind: .skipped, detail: ""), .init("kind", \.kind), .init("detail", \.detail))
}

extension RollbackStartedPayload {
    public static let schema = PayloadSchema(
        blank: RollbackStartedPayload(reason: "", steps: []), .init("reason", \.reason), .init("steps", \.steps))
}

extension RollbackFinishedPayload {
    public static let schema = PayloadSchema(
        blank: RollbackFinishedPayload(succeeded: false), .init("succeeded", \.succeeded))
}

extension InterruptedPayload {
    public static let schema = PayloadSchema(
        blank: InterruptedPayload(signal: nil, reason: ""), .init("signal", \.signal), .init("reason", \.reason))
}

extension ResumedPayload {
    public static let schema = PayloadSchema(
        blank: ResumedPayload(
            operatorName: "", host: "", mode: .auto, toolVersion: "", revisionHash: "", previousRevisionHash: "",
            changedSteps: []),
        .init("operatorName", \.operatorName), .init("host", \.host), .init("mode", \.mode),
        .init("toolVersion", \.toolVersion),
        .init("revisionHash", \.revisionHash), .init("previousRevisionHash", \.previousRevisionHash),
        .init("changedSteps", \.changedSteps),
        .init("preconfirmed", \.preconfirmed), .init("allowDestructive", \.allowDestructive))
}

extension FinishedPayload {
    public static let schema = PayloadSchema(
        blank: FinishedPayload(status: .completed), .init("status", \.status), .init("reason", \.reason))
}

extension NotifiedPayload {
    public static let schema = PayloadSchema(
        blank: NotifiedPayload(trigger: "", target: "", delivered: false, attempts: 0, detail: "", durationSeconds: 0),
        .init("trigger", \.trigger), .init("target", \.target), .init("delivered", \.delivered),
        .init("attempts", \.attempts), .init("detail", \.detail), .init("durationSeconds", \.durationSeconds),
        .init("about", \.about))
}

// The values payload fields hold beyond strings, numbers and booleans.
extension Phase: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<Phase>()
}
extension StepKind: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<StepKind>()
}
extension StepOutcome: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<StepOutcome>()
}
extension OutputStreamKind: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<OutputStreamKind>()
}
extension SkipReasonKind: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<SkipReasonKind>()
}
extension ConfirmationMethod: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<ConfirmationMethod>()
}
extension DeviationKind: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<DeviationKind>()
}
extension RunStatus: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<RunStatus>()
}
extension RunMode: PayloadEnumeration {
    public static let rawValueTable = RawValueTable<RunMode>()
}
extension SessionSnapshot: PayloadValue {}
extension OutputMatch: PayloadValue {}
