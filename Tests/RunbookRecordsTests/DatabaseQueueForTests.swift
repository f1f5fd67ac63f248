import GRDB

/// Raw SQL access to a records file, to prove what the schema itself refuses.
struct DatabaseQueueForTests {
    let queue: DatabaseQueue
    init(path: String) throws { queue = try DatabaseQueue(path: path) }
    func execute(_ sql: String) throws { try queue.write { try $0.execute(sql: sql) } }
}
