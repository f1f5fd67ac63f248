import Foundation

/// One libpq connection, used synchronously like the engine: a statement at a time, its
/// parameters sent apart from its text (never spliced in), results in text format.
///
/// Not thread-safe: `PostgreSQLRecordStore` holds it under its lock.
final class PostgreSQLConnection {
    private var handle: OpaquePointer?
    private let pq: LibPQ
    let location: PostgreSQLLocation
    /// The statements prepared in this session (`executePrepared`); a new session has none.
    private var prepared: Set<String> = []

    /// Connects, failing with a one-line sentence that names the URL without its password.
    init(_ location: PostgreSQLLocation) throws(RecordStoreError) {
        guard let pq = LibPQ.shared else {
            throw RecordStoreError(
                .cannotOpen, path: location.shown,
                "cannot open the records on PostgreSQL: this machine has no libpq, PostgreSQL's client library (Debian: apt-get install libpq5)."
            )
        }
        self.pq = pq
        self.location = location
        handle = try PostgreSQLConnection.connect(location, pq)
    }

    deinit { pq.finish(handle) }

    private static func connect(_ location: PostgreSQLLocation, _ pq: LibPQ) throws(RecordStoreError) -> OpaquePointer?
    {
        // Defaults first, the URL last: libpq lets later keywords win, so what the URL says
        // (`connect_timeout`, `sslmode`, …) overrides these.
        let keywords = [
            "connect_timeout", "application_name", "keepalives_idle", "keepalives_interval", "keepalives_count",
            "dbname",
        ]
        let values = ["10", "runbook", "10", "5", "3", location.url]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in pq.connectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection, pq.status(connection) == LibPQ.connectionOK else {
            let raw = connection.map { pq.errorText($0) } ?? "libpq could not allocate a connection"
            pq.finish(connection)
            throw RecordStoreError(
                .cannotOpen, path: location.shown,
                "cannot open the records on PostgreSQL: \(PostgreSQLConnection.explain(connectFailure: raw)).")
        }
        // The server notices a runner whose machine vanished by its silent socket, and ends its
        // session, which frees the run's lease (an advisory lock) for a resume elsewhere. Its
        // notices ("schema already exists, skipping" while migrating) are not the operator's
        // business, and libpq would print them on stderr.
        _ = pq.exec(
            connection,
            "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; SET client_min_messages = warning"
        )
        .map { pq.clear($0) }
        return connection
    }

    /// Whether the connection is up.
    var isOpen: Bool { handle.map { pq.status($0) == LibPQ.connectionOK } ?? false }

    /// Connects again after the server went away; false when it is still not there.
    func reconnect() -> Bool {
        pq.finish(handle)
        prepared = []
        handle = try? PostgreSQLConnection.connect(location, pq)
        return handle != nil
    }

    /// Runs one statement with `parameters` as `$1`, `$2`, … (nil is NULL).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgreSQLFailure) -> PostgreSQLResult {
        guard let handle else {
            throw PostgreSQLFailure(message: "not connected", sqlState: nil, connectionLost: true)
        }
        let result = PostgreSQLConnection.withCValues(parameters) { values in
            pq.execParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try check(result, handle)
    }

    /// Runs the statement `sql`, prepared under `name` the first time this session runs it, so
    /// the server parses and plans it once per session rather than on every call.
    @discardableResult
    func executePrepared(_ name: String, _ sql: String, _ parameters: [String?]) throws(PostgreSQLFailure)
        -> PostgreSQLResult
    {
        guard let handle else {
            throw PostgreSQLFailure(message: "not connected", sqlState: nil, connectionLost: true)
        }
        if !prepared.contains(name) {
            _ = try check(pq.prepare(handle, name, sql, Int32(parameters.count), nil), handle)
            prepared.insert(name)
        }
        let result = PostgreSQLConnection.withCValues(parameters) { values in
            pq.execPrepared(handle, name, Int32(parameters.count), values, nil, nil, 0)
        }
        return try check(result, handle)
    }

    /// `parameters` as the C strings libpq reads (nil is NULL), for the time of `body`.
    private static func withCValues<Result>(
        _ parameters: [String?], _ body: (LibPQ.KeywordArray?) -> Result
    ) -> Result {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for copy in copies { free(copy) } }
        return copies.withUnsafeBufferPointer { values in
            values.withMemoryRebound(to: UnsafePointer<CChar>?.self) { body($0.baseAddress) }
        }
    }

    /// The rows of `result`, or the failure it reports.
    private func check(_ result: OpaquePointer?, _ handle: OpaquePointer) throws(PostgreSQLFailure)
        -> PostgreSQLResult
    {
        guard let result else {
            throw PostgreSQLFailure(
                message: PostgreSQLConnection.oneLine(pq.errorText(handle)), sqlState: nil,
                connectionLost: pq.status(handle) != LibPQ.connectionOK)
        }
        let status = pq.resultStatus(result)
        guard status == LibPQ.commandOK || status == LibPQ.tuplesOK else {
            let state = pq.resultErrorField(result, LibPQ.fieldSQLState).map { String(cString: $0) }
            let primary = pq.resultErrorField(result, LibPQ.fieldPrimaryMessage).map { String(cString: $0) }
            let message = primary ?? pq.errorText(handle)
            pq.clear(result)
            throw PostgreSQLFailure(
                message: PostgreSQLConnection.oneLine(message), sqlState: state,
                // Class 08 is a connection exception; 57P01-57P03 the server shutting down.
                connectionLost: pq.status(handle) != LibPQ.connectionOK || state?.hasPrefix("08") == true
                    || state?.hasPrefix("57P") == true)
        }
        return PostgreSQLResult(result, pq)
    }

    /// Runs several statements without parameters (a migration's DDL).
    func executeScript(_ sql: String) throws(PostgreSQLFailure) {
        guard let handle else {
            throw PostgreSQLFailure(message: "not connected", sqlState: nil, connectionLost: true)
        }
        let result = pq.exec(handle, sql)
        defer { pq.clear(result) }
        let status = result.map { pq.resultStatus($0) } ?? UInt32.max
        guard status == LibPQ.commandOK || status == LibPQ.tuplesOK else {
            let state = result.flatMap { pq.resultErrorField($0, LibPQ.fieldSQLState) }.map { String(cString: $0) }
            throw PostgreSQLFailure(
                message: PostgreSQLConnection.oneLine(pq.errorText(handle)), sqlState: state,
                connectionLost: pq.status(handle) != LibPQ.connectionOK)
        }
    }

    /// libpq's message as one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: "; ")
    }

    /// Why a connection failed, said so an operator knows what to change, with libpq's own
    /// first line after it.
    static func explain(connectFailure raw: String) -> String {
        let detail = oneLine(raw)
        let lowered = detail.lowercased()
        let reason: String
        if lowered.contains("password authentication failed") {
            reason = "the server refused the password (check ~/.pgpass or PGPASSWORD)"
        } else if lowered.contains("no password supplied") {
            reason = "the server asks for a password and none was given (put it in ~/.pgpass or PGPASSWORD)"
        } else if lowered.contains("could not translate host name") {
            reason = "the host name does not resolve"
        } else if lowered.contains("connection refused") || lowered.contains("no such file or directory") {
            reason = "no PostgreSQL server answers there (is it running, on that host and port?)"
        } else if lowered.contains("timeout expired") || lowered.contains("timed out") {
            reason = "the server did not answer in time"
        } else if lowered.contains("does not exist") {
            reason = "the server has no such database or role"
        } else if lowered.contains("ssl") {
            reason = "the TLS settings do not match the server's (sslmode)"
        } else {
            reason = "the server refused the connection"
        }
        return "\(reason) (libpq: \(detail))"
    }
}

/// Calls `body` with `strings` as an array of C strings ending in NULL, as libpq's
/// keyword/value arrays want.
private func withCStrings<Result>(
    _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for copy in copies { free(copy) } }
    return copies.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { body($0.baseAddress!) }
    }
}
