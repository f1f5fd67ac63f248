/// A `postgresql://` (or `postgres://`) URL naming records on a PostgreSQL server, as libpq
/// reads it: host, port, user, database and parameters such as `sslmode` pass through to libpq
/// unchanged.
///
/// A password in the URL reaches libpq to connect but nothing else: `shown`, the form messages,
/// listings and child processes get, has it removed. libpq's own means (`~/.pgpass`,
/// `PGPASSWORD`) are the way to give one.
struct PostgreSQLLocation: Sendable, Hashable {
    /// The URL as given, for libpq.
    let url: String
    /// The URL without a password (neither `user:password@` nor `password=`).
    let shown: String
    /// Whether the URL held a password.
    let hasPassword: Bool

    init?(_ text: String) {
        guard let schemeEnd = text.range(of: "://"),
            ["postgresql", "postgres"].contains(text[..<schemeEnd.lowerBound].lowercased())
        else { return nil }
        url = text
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = String(rest[..<authorityEnd])
        var tail = String(rest[authorityEnd...])
        var removed = false
        if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
            authority.removeSubrange(colon..<at)
            removed = true
        }
        if let question = tail.firstIndex(of: "?") {
            let parameters = tail[tail.index(after: question)...].split(
                separator: "&", omittingEmptySubsequences: false)
            let kept = parameters.filter { !$0.lowercased().hasPrefix("password=") }
            if kept.count != parameters.count { removed = true }
            tail = String(tail[..<question]) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        }
        shown = String(text[..<schemeEnd.upperBound]) + authority + tail
        hasPassword = removed
    }
}
