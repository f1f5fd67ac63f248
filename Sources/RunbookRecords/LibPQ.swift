#if canImport(Glibc)
import Glibc
#endif

/// libpq, PostgreSQL's reference C client, opened with `dlopen` the first time records on
/// PostgreSQL are opened instead of linked into the binary.
///
/// Linked, libpq and the 21 libraries it needs were loaded by every command, SQLite records
/// included, and the static rescue binary (`scripts/release.sh`) could not be built without
/// them. Loaded here, a machine without libpq runs everything but PostgreSQL records, and
/// those fail with a sentence that names the package to install.
///
/// The few entry points runbook calls are looked up by name; their C signatures and the
/// enumeration values below are libpq's stable ABI (`libpq.so.5`, PostgreSQL 9.x to 17).
struct LibPQ: @unchecked Sendable {
    // @unchecked: the fields are C function pointers into a library that is never unloaded.
    typealias KeywordArray = UnsafePointer<UnsafePointer<CChar>?>
    typealias ConnectdbParams = @convention(c) (KeywordArray?, KeywordArray?, Int32) -> OpaquePointer?
    typealias Status = @convention(c) (OpaquePointer?) -> UInt32
    typealias ErrorMessage = @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    typealias Finish = @convention(c) (OpaquePointer?) -> Void
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    typealias ExecParams =
        @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?, KeywordArray?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?, Int32
        ) -> OpaquePointer?
    typealias Prepare =
        @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?
        ) -> OpaquePointer?
    typealias ExecPrepared =
        @convention(c) (
            OpaquePointer?, UnsafePointer<CChar>?, Int32, KeywordArray?, UnsafePointer<Int32>?, UnsafePointer<Int32>?,
            Int32
        ) -> OpaquePointer?
    typealias ResultStatus = @convention(c) (OpaquePointer?) -> UInt32
    typealias ResultErrorField = @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    typealias Clear = @convention(c) (OpaquePointer?) -> Void
    typealias Ntuples = @convention(c) (OpaquePointer?) -> Int32
    typealias Getvalue = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    typealias Getlength = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias Getisnull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32

    let connectdbParams: ConnectdbParams
    let status: Status
    let errorMessage: ErrorMessage
    let finish: Finish
    let exec: Exec
    let execParams: ExecParams
    let prepare: Prepare
    let execPrepared: ExecPrepared
    let resultStatus: ResultStatus
    let resultErrorField: ResultErrorField
    let clear: Clear
    let ntuples: Ntuples
    let getvalue: Getvalue
    let getlength: Getlength
    let getisnull: Getisnull

    /// `ConnStatusType.CONNECTION_OK`.
    static let connectionOK: UInt32 = 0
    /// `ExecStatusType.PGRES_COMMAND_OK`.
    static let commandOK: UInt32 = 1
    /// `ExecStatusType.PGRES_TUPLES_OK`.
    static let tuplesOK: UInt32 = 2
    /// `PG_DIAG_SQLSTATE` and `PG_DIAG_MESSAGE_PRIMARY`.
    static let fieldSQLState = Int32(UInt8(ascii: "C"))
    static let fieldPrimaryMessage = Int32(UInt8(ascii: "M"))

    /// The connection's last error message (libpq's text, several lines); empty when none.
    func errorText(_ connection: OpaquePointer?) -> String {
        errorMessage(connection).map { String(cString: $0) } ?? ""
    }

    /// The library, loaded once; nil when this machine has no libpq.
    static let shared: LibPQ? = load(names: ["libpq.so.5", "libpq.so"])

    /// The library from the first of `names` that loads and has every entry point.
    static func load(names: [String]) -> LibPQ? {
        for name in names {
            guard let library = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let loaded = LibPQ(library: library) { return loaded }
            dlclose(library)
        }
        return nil
    }

    private init?(library: UnsafeMutableRawPointer) {
        func symbol<Function>(_ name: String, as type: Function.Type) -> Function? {
            guard let address = dlsym(library, name) else { return nil }
            return unsafeBitCast(address, to: type)
        }
        guard let connectdbParams = symbol("PQconnectdbParams", as: ConnectdbParams.self),
            let status = symbol("PQstatus", as: Status.self),
            let errorMessage = symbol("PQerrorMessage", as: ErrorMessage.self),
            let finish = symbol("PQfinish", as: Finish.self),
            let exec = symbol("PQexec", as: Exec.self),
            let execParams = symbol("PQexecParams", as: ExecParams.self),
            let prepare = symbol("PQprepare", as: Prepare.self),
            let execPrepared = symbol("PQexecPrepared", as: ExecPrepared.self),
            let resultStatus = symbol("PQresultStatus", as: ResultStatus.self),
            let resultErrorField = symbol("PQresultErrorField", as: ResultErrorField.self),
            let clear = symbol("PQclear", as: Clear.self),
            let ntuples = symbol("PQntuples", as: Ntuples.self),
            let getvalue = symbol("PQgetvalue", as: Getvalue.self),
            let getlength = symbol("PQgetlength", as: Getlength.self),
            let getisnull = symbol("PQgetisnull", as: Getisnull.self)
        else { return nil }
        self.connectdbParams = connectdbParams
        self.status = status
        self.errorMessage = errorMessage
        self.finish = finish
        self.exec = exec
        self.execParams = execParams
        self.prepare = prepare
        self.execPrepared = execPrepared
        self.resultStatus = resultStatus
        self.resultErrorField = resultErrorField
        self.clear = clear
        self.ntuples = ntuples
        self.getvalue = getvalue
        self.getlength = getlength
        self.getisnull = getisnull
    }
}
