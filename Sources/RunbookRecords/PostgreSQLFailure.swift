/// A statement or connection that failed on a PostgreSQL server, before it is told as a
/// `RecordStoreError`.
struct PostgreSQLFailure: Error {
    /// libpq's or the server's message, on one line.
    var message: String
    /// The SQLSTATE code when the server sent one (`23505`, a duplicate key).
    var sqlState: String?
    /// The connection is gone (the server restarted, the network dropped): worth reconnecting.
    var connectionLost: Bool
}
