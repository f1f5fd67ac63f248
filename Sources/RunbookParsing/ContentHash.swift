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
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest only fails when OpenSSL cannot allocate; a hash is not optional for records.
        precondition(succeeded == 1 && length == 32, "OpenSSL could not compute a SHA-256 digest")
        return HexText.lowercase(digest.prefix(32))
    }
}
