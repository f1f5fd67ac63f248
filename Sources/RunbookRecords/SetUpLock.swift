import Foundation
import RunbookBytes

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock held while one process opens a records file for writing (WAL mode,
/// migrations), so that concurrent first runs on a new file take turns instead of racing.
///
/// It is a `flock(2)` on the records file's directory: the kernel drops it when the process
/// dies, so a killed `runbook` never leaves it held, and it is separate from the POSIX locks
/// SQLite takes on the file itself (closing a descriptor of the database file would release
/// those; a descriptor of the directory does not).
struct SetUpLock {
    private let descriptor: Int32

    /// How long to wait for another process to finish setting the file up.
    static let patience = 30.0

    init(forRecordsAt path: String) throws(RecordStoreError) {
        let directory = PathText.directory(of: path)
        descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw RecordStoreError(
                .cannotOpen, path: path,
                "cannot open the records directory to set the file up: \(String(cString: strerror(errno))).")
        }
        let deadline = Date().addingTimeInterval(SetUpLock.patience)
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR, Date() < deadline else {
                close(descriptor)
                throw RecordStoreError(
                    .cannotOpen, path: path,
                    code == EWOULDBLOCK
                        ? "another runbook has been setting the records file up for \(Int(SetUpLock.patience)) seconds; try again when it is done."
                        : "cannot lock the records directory: \(String(cString: strerror(code))).")
            }
            usleep(5_000)
        }
    }

    func release() {
        close(descriptor)
    }
}
