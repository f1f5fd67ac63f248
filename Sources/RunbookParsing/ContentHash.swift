import CCrypto
import RunbookBytes

/// The SHA-256 of a runbook's bytes, as lowercase hex: which exact text a record followed.
public enum ContentHash {
    /// Hashes `bytes` with OpenSSL's EVP interface. All C state stays inside this call.
    public static func sha256Hex(of bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, sha256 ?? EVP_sha256(), nil)
            }
        }
        // EVP_Digest only fails when OpenSSL cannot allocate; a hash is not optional for records.
        precondition(succeeded == 1 && length == 32, "OpenSSL could not compute a SHA-256 digest")
        return HexText.lowercase(digest.prefix(32))
    }

    /// SHA-256 fetched from OpenSSL's default provider once: with `EVP_sha256()` every digest
    /// looks the algorithm up again, which costs more than hashing a small file.
    /// Never freed; OpenSSL allows one fetched algorithm to be used by many threads at once.
    private nonisolated(unsafe) static let sha256: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)
}
