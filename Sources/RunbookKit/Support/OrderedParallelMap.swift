import Foundation

/// Maps items on all cores and hands the results back in input order, so output is
/// deterministic and memory stays bounded however many files are named.
///
/// Workers take the next item as soon as they finish one, and the calling thread both works and
/// consumes results in order as they arrive. Chunks of `concurrentPerform` left cores idle at
/// each chunk's slowest item and while the chunk's results were consumed.
public enum OrderedParallelMap {
    /// Transforms `items` on all cores; `consume` sees each result on the calling thread, in
    /// input order.
    /// - Parameter chunkSize: how many results may wait, finished but not yet consumed, ahead
    ///   of the one being consumed; bounds memory.
    public static func run<Item: Sendable, Result: Sendable>(
        _ items: [Item],
        chunkSize: Int = max(8, ProcessInfo.processInfo.activeProcessorCount * 16),
        transform: @Sendable (Item) -> Result,
        consume: (Result) throws -> Void
    ) rethrows {
        let threads = min(ProcessInfo.processInfo.activeProcessorCount, items.count)
        guard threads > 1 else {
            for item in items { try consume(transform(item)) }
            return
        }
        let pipeline = Pipeline<Result>(count: items.count, window: max(chunkSize, threads))
        try withoutActuallyEscaping(transform) { transform in
            let workers = DispatchGroup()
            for _ in 1..<threads {
                DispatchQueue.global().async(group: workers) {
                    while let index = pipeline.claim() { pipeline.store(transform(items[index]), at: index) }
                }
            }
            // Whether consume finished or threw, no worker may still hold `transform` on return.
            defer {
                pipeline.cancel()
                workers.wait()
            }
            var next = 0
            while next < items.count {
                switch pipeline.nextStep(consuming: next) {
                case .consume(let result):
                    try consume(result)
                    next += 1
                case .transform(let index):
                    pipeline.store(transform(items[index]), at: index)
                }
            }
        }
    }
}

/// The state shared by the workers and the consuming thread, behind one lock: which item is
/// next to claim, the finished results not yet consumed, and how far consumption has got.
private final class Pipeline<Result>: @unchecked Sendable {
    enum Step {
        case consume(Result)
        case transform(Int)
    }

    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var slots: [Result?]
    private var nextToClaim = 0
    private var nextToConsume = 0
    private var isCancelled = false

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
        slots = Array(repeating: nil, count: count)
    }

    /// An item index for a worker, waiting while the window of unconsumed results is full;
    /// nil when every item is claimed or the run was cancelled.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if isCancelled || nextToClaim >= count { return nil }
            if nextToClaim < nextToConsume + window {
                nextToClaim += 1
                return nextToClaim - 1
            }
            condition.wait()
        }
    }

    func store(_ result: Result, at index: Int) {
        condition.lock()
        slots[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// For the consuming thread: result `index` if it is ready, else an item to transform
    /// meanwhile, else waits for one of the two.
    func nextStep(consuming index: Int) -> Step {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result = slots[index] {
                slots[index] = nil
                nextToConsume = index + 1
                condition.broadcast()
                return .consume(result)
            }
            if nextToClaim < count && nextToClaim < nextToConsume + window {
                nextToClaim += 1
                return .transform(nextToClaim - 1)
            }
            condition.wait()
        }
    }

    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
