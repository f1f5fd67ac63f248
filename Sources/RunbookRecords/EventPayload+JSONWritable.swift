import RunbookDocument

// The three payloads every step writes (started, output, finished) are encoded with
// `JSONWriter`: going through `JSONEncoder` was a tenth of the engine's own time per step.
// Keys are written in sorted order and values formatted as `JSONEncoder` formats them with
// `.sortedKeys`, so the stored bytes are exactly what the encoder wrote before (a test holds
// the two together) and `Codable` still reads them back.

extension OutputStreamKind: JSONWritable {}
extension StepOutcome: JSONWritable {}

extension StepStartedPayload: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("attempt", attempt)
        json.field("command", command)
        json.field("isInteractive", isInteractive)
        json.field("kind", kind)
        json.field("phase", phase)
        json.field("title", title)
        json.field("workingDirectory", workingDirectory)
        json.endObject()
    }
}

extension OutputPayload: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("base64", base64)
        json.field("droppedBytes", droppedBytes)
        json.field("stream", stream)
        json.field("text", text)
        json.field("totalBytes", totalBytes)
        json.endObject()
    }
}

extension StepFinishedPayload: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        if let commands { json.field("commands", commands) }
        json.field("durationSeconds", durationSeconds)
        json.field("error", error)
        json.field("exitCode", exitCode)
        json.field("match", match)
        json.field("outcome", outcome)
        json.field("phase", phase)
        json.field("session", session)
        json.field("signal", signal)
        json.endObject()
    }
}

extension CommandVerdict: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("diff", diff)
        json.field("exitCode", exitCode)
        json.field("expectedExitCode", expectedExitCode)
        json.field("line", line)
        if let matched { json.field("matched", matched) }
        json.endObject()
    }
}

extension OutputMatch: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("diff", diff)
        json.field("matched", matched)
        json.endObject()
    }
}

extension SessionSnapshot: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.key("exported")
        json.beginObject()
        // `.sortedKeys` orders keys by their UTF-8 bytes.
        for name in exported.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            json.dynamicKey(name)
            json.string(exported[name]!)
        }
        json.endObject()
        json.field("unset", unset)
        json.field("workingDirectory", workingDirectory)
        json.endObject()
    }
}
