import Foundation
import RunbookDocument

/// Reads event payloads that are flat JSON objects (strings, numbers and booleans, no nesting)
/// straight from the stored bytes, for every kind whose payload has that shape: nearly all of a
/// log. `JSONDecoder` took about 15% of an export of a 5,000-event run, and a first reader
/// that made a string of every key and value still cost a fifth of it.
///
/// A body is only taken when it is exactly what the payload's `Codable` conformance reads:
/// known keys, each at most once, of the right JSON type, required ones present. Anything else
/// (a nested `session`, a key from a newer version, `null`, an escape it does not know) gives
/// nil and the caller decodes the body with `JSONDecoder`, so the two never disagree.
struct FlatPayloadReader {
    private enum Value {
        case string(Range<Int>, escaped: Bool)
        case number(Range<Int>)
        case bool(Bool)
    }

    /// The keys of one kind's payload, in a fixed order that names the slots.
    private struct Keys {
        let names: [[UInt8]]
        init(_ names: [StaticString]) {
            self.names = names.map { name in name.withUTF8Buffer { Array($0) } }
        }
    }

    private var slots: [Value?] = Array(repeating: nil, count: 8)
    private var scratch: [UInt8] = []
    /// Working directories repeat in every `step-started` event.
    private var directories = InternedStrings()

    init() {}

    /// The payload of an event of `kind` whose stored JSON is `body`, or nil when the body is
    /// not one this reader takes.
    mutating func decode(kind: EventKind, body: UnsafeBufferPointer<UInt8>) -> EventPayload? {
        switch kind {
        case .stepStarted:
            // attempt, command, isInteractive, kind, phase, title, workingDirectory
            guard read(body, FlatPayloadReader.stepStarted),
                  let attempt = int(0, body), let command = string(1, body), let interactive = bool(2),
                  let stepKind = string(3, body).flatMap(StepKind.init(rawValue:)),
                  let phase = string(4, body).flatMap(Phase.init(rawValue:)), let title = string(5, body),
                  let directory = optionalString(6, body, interned: true) else { return nil }
            return .stepStarted(StepStartedPayload(
                phase: phase, kind: stepKind, title: title, command: command, attempt: attempt,
                workingDirectory: directory, isInteractive: interactive))
        case .output:
            // droppedBytes, stream, text, totalBytes
            guard read(body, FlatPayloadReader.output), let dropped = int(0, body),
                  let stream = string(1, body).flatMap(OutputStreamKind.init(rawValue:)),
                  let text = string(2, body), let total = int(3, body) else { return nil }
            return .output(OutputPayload(stream: stream, text: text, totalBytes: total, droppedBytes: dropped))
        case .stepFinished:
            // durationSeconds, error, exitCode, outcome, phase, signal (`match` and `session`
            // are objects: a body holding them is not flat)
            guard read(body, FlatPayloadReader.stepFinished), let duration = double(0, body),
                  let error = optionalString(1, body), let exitCode = optionalInt(2, body),
                  let outcome = string(3, body).flatMap(StepOutcome.init(rawValue:)),
                  let phase = string(4, body).flatMap(Phase.init(rawValue:)), let signal = optionalInt(5, body) else { return nil }
            return .stepFinished(StepFinishedPayload(
                phase: phase, outcome: outcome, exitCode: exitCode, signal: signal, durationSeconds: duration, error: error))
        case .skipped:
            // phase, reason, why
            guard read(body, FlatPayloadReader.skipped), let phase = string(0, body).flatMap(Phase.init(rawValue:)),
                  let reason = string(1, body), let why = string(2, body).flatMap(SkipReasonKind.init(rawValue:)) else { return nil }
            return .skipped(SkippedPayload(phase: phase, why: why, reason: reason))
        case .commandEdited:
            // executed, original
            guard read(body, FlatPayloadReader.commandEdited), let executed = string(0, body), let original = string(1, body) else { return nil }
            return .commandEdited(CommandEditedPayload(original: original, executed: executed))
        case .confirmed:
            // method, requirement
            guard read(body, FlatPayloadReader.confirmed), let method = string(0, body).flatMap(ConfirmationMethod.init(rawValue:)),
                  let requirement = string(1, body) else { return nil }
            return .confirmed(ConfirmedPayload(method: method, requirement: requirement))
        case .note, .lesson, .paused:
            guard read(body, FlatPayloadReader.text), let text = string(0, body) else { return nil }
            let payload = TextPayload(text: text)
            return kind == .note ? .note(payload) : kind == .lesson ? .lesson(payload) : .paused(payload)
        case .deviation:
            // detail, kind
            guard read(body, FlatPayloadReader.deviation), let detail = string(0, body),
                  let deviationKind = string(1, body).flatMap(DeviationKind.init(rawValue:)) else { return nil }
            return .deviation(DeviationPayload(kind: deviationKind, detail: detail))
        case .rollbackFinished:
            guard read(body, FlatPayloadReader.rollbackFinished), let succeeded = bool(0) else { return nil }
            return .rollbackFinished(RollbackFinishedPayload(succeeded: succeeded))
        case .interrupted:
            // reason, signal
            guard read(body, FlatPayloadReader.interrupted), let reason = string(0, body), let signal = optionalInt(1, body) else { return nil }
            return .interrupted(InterruptedPayload(signal: signal, reason: reason))
        case .finished:
            // reason, status
            guard read(body, FlatPayloadReader.finished), let reason = optionalString(0, body),
                  let status = string(1, body).flatMap(RunStatus.init(rawValue:)) else { return nil }
            return .finished(FinishedPayload(status: status, reason: reason))
        case .runStarted, .resumed, .rollbackStarted:
            // Objects and arrays inside: the decoder's.
            return nil
        }
    }

    private static let stepStarted = Keys(["attempt", "command", "isInteractive", "kind", "phase", "title", "workingDirectory"])
    private static let output = Keys(["droppedBytes", "stream", "text", "totalBytes"])
    private static let stepFinished = Keys(["durationSeconds", "error", "exitCode", "outcome", "phase", "signal"])
    private static let skipped = Keys(["phase", "reason", "why"])
    private static let commandEdited = Keys(["executed", "original"])
    private static let confirmed = Keys(["method", "requirement"])
    private static let text = Keys(["text"])
    private static let deviation = Keys(["detail", "kind"])
    private static let rollbackFinished = Keys(["succeeded"])
    private static let interrupted = Keys(["reason", "signal"])
    private static let finished = Keys(["reason", "status"])

    // MARK: Fields

    // A missing required field, or a field of the wrong JSON type, gives nil; optional fields
    // give `.some(nil)` when missing and nil when of the wrong type.

    private func int(_ slot: Int, _ body: UnsafeBufferPointer<UInt8>) -> Int? {
        guard case .number(let range)? = slots[slot] else { return nil }
        return FlatPayloadReader.integer(range, in: body)
    }

    private func optionalInt(_ slot: Int, _ body: UnsafeBufferPointer<UInt8>) -> Int?? {
        guard let value = slots[slot] else { return .some(nil) }
        guard case .number(let range) = value, let number = FlatPayloadReader.integer(range, in: body) else { return nil }
        return .some(number)
    }

    private func bool(_ slot: Int) -> Bool? {
        guard case .bool(let value)? = slots[slot] else { return nil }
        return value
    }

    private func double(_ slot: Int, _ body: UnsafeBufferPointer<UInt8>) -> Double? {
        guard case .number(let range)? = slots[slot] else { return nil }
        // Swift's parser (locale-independent, correctly rounded), as the decoder reads it.
        return Double(String(decoding: UnsafeBufferPointer(rebasing: body[range]), as: UTF8.self))
    }

    private mutating func string(_ slot: Int, _ body: UnsafeBufferPointer<UInt8>, interned: Bool = false) -> String? {
        guard case .string(let range, let escaped)? = slots[slot] else { return nil }
        if !escaped {
            let bytes = UnsafeBufferPointer(rebasing: body[range])
            return interned ? directories.string(bytes) : String(decoding: bytes, as: UTF8.self)
        }
        return unescape(UnsafeBufferPointer(rebasing: body[range]))
    }

    private mutating func optionalString(_ slot: Int, _ body: UnsafeBufferPointer<UInt8>, interned: Bool = false) -> String?? {
        guard slots[slot] != nil else { return .some(nil) }
        guard let text = string(slot, body, interned: interned) else { return nil }
        return .some(text)
    }

    /// Digits with an optional minus sign, as `JSONEncoder` writes an `Int`; nil for anything
    /// else (a fraction, an exponent, more digits than fit).
    private static func integer(_ range: Range<Int>, in body: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = range.lowerBound
        let negative = body[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < range.upperBound, range.upperBound - index <= 18 else { return nil }
        var value = 0
        while index < range.upperBound {
            let digit = body[index] &- 48
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    // MARK: Reading

    /// Fills `slots` with the values of `body`'s keys; false when `body` is not a flat object
    /// of those keys, each at most once.
    private mutating func read(_ body: UnsafeBufferPointer<UInt8>, _ keys: Keys) -> Bool {
        for index in 0..<keys.names.count { slots[index] = nil }
        let end = body.count
        var index = 0
        // The encoder sorts keys, as `keys` are: the next key is most often the next name.
        var expected = 0
        func skipSpace() {
            while index < end, body[index] == 0x20 || body[index] == 0x0A || body[index] == 0x0D || body[index] == 0x09 { index += 1 }
        }
        skipSpace()
        guard index < end, body[index] == UInt8(ascii: "{") else { return false }
        index += 1
        skipSpace()
        if index < end, body[index] == UInt8(ascii: "}") {
            index += 1
            skipSpace()
            return index == end
        }
        while true {
            skipSpace()
            guard index < end, body[index] == UInt8(ascii: "\"") else { return false }
            let keyStart = index + 1
            index = keyStart
            while index < end, body[index] != UInt8(ascii: "\""), body[index] != UInt8(ascii: "\\") { index += 1 }
            guard index < end, body[index] == UInt8(ascii: "\"") else { return false }
            guard let slot = FlatPayloadReader.slot(of: UnsafeBufferPointer(rebasing: body[keyStart..<index]), in: keys, expected: expected),
                  slots[slot] == nil else { return false }
            expected = slot + 1
            index += 1
            skipSpace()
            guard index < end, body[index] == UInt8(ascii: ":") else { return false }
            index += 1
            skipSpace()
            guard index < end else { return false }
            switch body[index] {
            case UInt8(ascii: "\""):
                let start = index + 1
                var escaped = false
                index = start
                // Eight bytes at a time while none is a quote, a backslash or a control
                // character: most of a payload is plain text.
                while index + 8 <= end, !FlatPayloadReader.mayEndOrEscape(UnsafeRawPointer(body.baseAddress! + index).loadUnaligned(as: UInt64.self)) {
                    index += 8
                }
                while index < end {
                    let byte = body[index]
                    if byte == UInt8(ascii: "\"") { break }
                    if byte < 0x20 { return false }
                    if byte == UInt8(ascii: "\\") { escaped = true; index += 2 } else { index += 1 }
                }
                guard index < end else { return false }
                slots[slot] = .string(start..<index, escaped: escaped)
                index += 1
            case UInt8(ascii: "t"):
                guard FlatPayloadReader.matches(body, at: index, "true") else { return false }
                slots[slot] = .bool(true)
                index += 4
            case UInt8(ascii: "f"):
                guard FlatPayloadReader.matches(body, at: index, "false") else { return false }
                slots[slot] = .bool(false)
                index += 5
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                while index < end {
                    switch body[index] {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                        index += 1
                        continue
                    default:
                        break
                    }
                    break
                }
                slots[slot] = .number(start..<index)
            default:
                // null, an object or an array.
                return false
            }
            skipSpace()
            guard index < end else { return false }
            if body[index] == UInt8(ascii: ",") { index += 1; continue }
            guard body[index] == UInt8(ascii: "}") else { return false }
            index += 1
            skipSpace()
            return index == end
        }
    }

    /// True when one of the eight bytes of `word` is `"`, `\\` or below 0x20 (it may also say
    /// so for a byte at or above 0x80, which is only looked at again one by one).
    private static func mayEndOrEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- ones &* 0x20) & highs
        return hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || control != 0
    }

    private static func slot(of key: UnsafeBufferPointer<UInt8>, in keys: Keys, expected: Int) -> Int? {
        if expected < keys.names.count, keys.names[expected].count == key.count,
           keys.names[expected].withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, key.count) }) == 0 {
            return expected
        }
        for (slot, name) in keys.names.enumerated() where name.count == key.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, key.count) }) == 0 { return slot }
        }
        return nil
    }

    private static func matches(_ body: UnsafeBufferPointer<UInt8>, at index: Int, _ word: StaticString) -> Bool {
        word.withUTF8Buffer { word in
            index + word.count <= body.count && memcmp(body.baseAddress! + index, word.baseAddress!, word.count) == 0
        }
    }

    /// A JSON string's contents with its escapes read; nil for an escape JSON does not have or a
    /// lone surrogate (the decoder then says what is wrong).
    private mutating func unescape(_ text: UnsafeBufferPointer<UInt8>) -> String? {
        scratch.removeAll(keepingCapacity: true)
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= text.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = text[at + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < text.count {
            var runEnd = index
            while runEnd < text.count, text[runEnd] != UInt8(ascii: "\\") { runEnd += 1 }
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: text[index..<runEnd]))
            index = runEnd
            guard index < text.count else { break }
            guard index + 1 < text.count else { return nil }
            let escape = text[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "u"):
                guard var code = hex4(index) else { return nil }
                index += 4
                if code >= 0xD800, code < 0xDC00 {
                    guard index + 1 < text.count, text[index] == UInt8(ascii: "\\"), text[index + 1] == UInt8(ascii: "u"),
                          let low = hex4(index + 2), low >= 0xDC00, low < 0xE000 else { return nil }
                    index += 6
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if code >= 0xDC00, code < 0xE000 {
                    return nil
                }
                guard let scalar = Unicode.Scalar(code) else { return nil }
                scratch.append(contentsOf: UTF8.encode(scalar)!)
            default:
                return nil
            }
        }
        return String(decoding: scratch, as: UTF8.self)
    }
}
