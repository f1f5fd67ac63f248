import CCrypto
import RunbookBytes

/// The SHA-256 of a runbook's bytes, as lowercase hex: which exact text a record followed.
public enum ContentHash {
    /// Hashes `bytes` with OpenSSL's SHA-256 block functions. All C state stays inside this
    /// call, so threads may hash at once.
    public static func sha256Hex(of bytes: [UInt8]) -> String {
        var context = SHA256_CTX()
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        // SHA256_Init, _Update and _Final only report failure for a null argument.
        let succeeded = bytes.withUnsafeBytes { input in
            SHA256_Init(&context) == 1 && SHA256_Update(&context, input.baseAddress, input.count) == 1
                && SHA256_Final(&digest, &context) == 1
        }
        precondition(succeeded, "OpenSSL could not compute a SHA-256 digest")
        return HexText.lowercase(digest[...])
    }
}
