import CCrypto
import RunbookBytes

/// The hash chain over a run's event log (docs/records.md, "Hash chain").
///
/// Each event's `hash` is the SHA-256, in lowercase hex, of its canonical form:
///
///     <previous hash>\n<run id>\n<sequence>\n<time in ms>\n<step id or empty>\n<kind>\n<payload>\n
///
/// where the previous hash of event 1 is 64 zeros and the time is the stored seconds times 1000
/// rounded as SQLite's `round()` does. Every field is one a third party reads with `sqlite3`,
/// so the form is exactly what `sqlite3 … "select … || char(10) || …"` prints, and
/// `sha256sum` of that output is the hash: no tool of ours is needed to check a record.
public enum EventChain {
    /// The "previous hash" of a run's first event.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of one event given its predecessor's.
    public static func hash(
        previous: String, runID: String, sequence: Int, time: Double, stepID: UnsafeBufferPointer<UInt8>?,
        kind: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>
    ) -> String {
        let digest = Digest()
        var header = previous + "\n" + runID + "\n" + String(sequence) + "\n" + String(milliseconds(time)) + "\n"
        header.withUTF8 { digest.update($0) }
        if let stepID { digest.update(stepID) }
        digest.newline()
        digest.update(kind)
        digest.newline()
        digest.update(payload)
        digest.newline()
        return digest.finalHex()
    }

    /// `hash(…)` for values held as strings.
    public static func hash(
        previous: String, runID: String, sequence: Int, time: Double, stepID: String?, kind: String, payload: String
    ) -> String {
        var stepID = stepID, kind = kind, payload = payload
        return kind.withUTF8 { kindBytes in
            payload.withUTF8 { payloadBytes in
                if stepID == nil {
                    return hash(
                        previous: previous, runID: runID, sequence: sequence, time: time, stepID: nil, kind: kindBytes,
                        payload: payloadBytes)
                }
                return stepID!.withUTF8 { stepBytes in
                    hash(
                        previous: previous, runID: runID, sequence: sequence, time: time, stepID: stepBytes,
                        kind: kindBytes, payload: payloadBytes)
                }
            }
        }
    }

    /// Seconds as whole milliseconds, the way SQLite's `round(time * 1000)` computes them (add
    /// a half, truncate), so the recipe in docs/records.md and this code agree on every value.
    public static func milliseconds(_ time: Double) -> Int64 {
        let scaled = time * 1000
        guard scaled.isFinite, abs(scaled) < 9.0e18 else { return 0 }
        return scaled >= 0 ? Int64(scaled + 0.5) : -Int64(-scaled + 0.5)
    }

    /// The lowercase hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let digest = Digest()
        digest.update(bytes)
        return digest.finalHex()
    }

    /// The lowercase hex SHA-256 of a string's UTF-8.
    public static func sha256Hex(_ text: String) -> String {
        var text = text
        return text.withUTF8 { sha256Hex($0) }
    }

    /// An incremental SHA-256 through OpenSSL's block functions (CCrypto explains why not EVP:
    /// its provider set-up on first use cost a records command more than hashing); the context
    /// lives for one hash.
    private struct Digest {
        let context: UnsafeMutablePointer<SHA256_CTX>

        init() {
            context = UnsafeMutablePointer<SHA256_CTX>.allocate(capacity: 1)
            context.initialize(to: SHA256_CTX())
            // SHA256_Init only fails for a null context.
            precondition(SHA256_Init(context) == 1, "OpenSSL could not start a SHA-256 digest")
        }

        func update(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count > 0 else { return }
            SHA256_Update(context, bytes.baseAddress, bytes.count)
        }

        func newline() {
            var byte: UInt8 = 0x0A
            SHA256_Update(context, &byte, 1)
        }

        func finalHex() -> String {
            var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
            SHA256_Final(&digest, context)
            context.deinitialize(count: 1)
            context.deallocate()
            return HexText.lowercase(digest[...])
        }
    }
}
