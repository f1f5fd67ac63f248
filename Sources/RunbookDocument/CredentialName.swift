/// Whether a variable's name says it holds a credential (`DB_PASSWORD`, `API_TOKEN`,
/// `AWS_SECRET_ACCESS_KEY`), as opposed to where one is kept (`TOKEN_FILE`, `SECRET_NAME`).
///
/// One rule for the linter, which reports a literal value assigned to such a name, and for the
/// engine, which treats a value such a name gets from a `.env` file as a secret.
public enum CredentialName {
    /// Name fragments that mark a variable or option as holding a credential.
    static let fragments = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "ACCESS_KEY", "PRIVATE_KEY"]
    /// Name endings that say where a credential is, not the credential itself.
    static let referenceSuffixes = ["_FILE", "_PATH", "_DIR", "_URL", "_NAME", "_ID", "_REF", "_ENV", "_KEY_ID"]

    /// True when `name` (any case) holds a credential fragment and does not end as a reference.
    public static func looksSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return fragments.contains { upper.contains($0) } && !referenceSuffixes.contains { upper.hasSuffix($0) }
    }
}
