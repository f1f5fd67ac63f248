import Foundation

/// Maps items on all cores and hands the results back in input order, a chunk at a time, so
/// output is deterministic and memory stays bounded however many files are named.
enum OrderedParallelMap {
    static func run<Item: Sendable, Result: Sendable>(
        _ items: [Item],
        chunkSize: Int = max(8, ProcessInfo.processInfo.activeProcessorCount * 16),
        transform: @Sendable (Item) -> Result,
        consume: (Result) throws -> Void
    ) rethrows {
        var start = 0
        while start < items.count {
            let end = min(start + chunkSize, items.count)
            let slots = ResultSlots<Result>(count: end - start)
            let chunk = Array(items[start..<end])
            DispatchQueue.concurrentPerform(iterations: chunk.count) { index in
                slots.store(transform(chunk[index]), at: index)
            }
            for result in slots.results { try consume(result) }
            start = end
        }
    }
}

/// Write-once slots filled by `concurrentPerform`: each index is written by exactly one
/// iteration and read only after all iterations finished, which is what makes the unchecked
/// `Sendable` sound.
private final class ResultSlots<Result>: @unchecked Sendable {
    private var storage: [Result?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func store(_ result: Result, at index: Int) {
        storage.withUnsafeMutableBufferPointer { $0[index] = result }
    }

    var results: [Result] { storage.map { $0! } }
}
