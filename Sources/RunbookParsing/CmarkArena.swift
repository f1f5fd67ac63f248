import CCmarkGFM
import Foundation

/// The memory cmark-gfm uses for one parse, bump-allocated from chunks kept per thread and
/// given back all at once when the parse's blocks have been read.
///
/// cmark allocates every node, string and buffer on its own and frees the tree node by node:
/// a tenth of a corpus parse went to `calloc`, `realloc` and `free`. An arena makes allocation
/// a pointer bump and freeing nothing. cmark's allocator hooks take no context, so each thread
/// finds its arena through a thread-local key; a thread runs one parse at a time, which
/// `beginParse` checks: a second parse on the thread would have its memory given back under it.
enum CmarkArena {
    /// The allocator to hand `cmark_parser_new_with_mem`; valid for the life of the process.
    static var allocator: UnsafeMutablePointer<cmark_mem> { cmarkArenaAllocator }

    /// Starts this thread's parse: what cmark allocates until `reset` belongs to it.
    static func beginParse() {
        let state = state()
        precondition(
            !state.pointee.parsing,
            "a thread runs one Markdown parse at a time: a second began before the first was reset")
        state.pointee.parsing = true
    }

    /// Gives back everything allocated on this thread since the last reset and ends its parse.
    /// Nothing cmark returned may be used afterwards.
    static func reset() {
        guard let state = existingState() else { return }
        state.pointee.reset()
    }

    fileprivate static func state() -> UnsafeMutablePointer<State> {
        if let state = existingState() { return state }
        let state = UnsafeMutablePointer<State>.allocate(capacity: 1)
        state.initialize(to: State())
        pthread_setspecific(cmarkArenaKey, state)
        return state
    }

    private static func existingState() -> UnsafeMutablePointer<State>? {
        pthread_getspecific(cmarkArenaKey)?.assumingMemoryBound(to: State.self)
    }

    /// One thread's chunks. A chunk starts with a header (the next chunk, its capacity); each
    /// allocation with one holding its size, for `realloc`. Everything is 16-byte aligned.
    fileprivate struct State {
        private static let headerSize = 16
        private static let chunkSize = 1 << 16
        /// Chunks beyond the first are freed on reset once they add up to more than this, so
        /// one huge file does not pin its memory for the life of the thread.
        private static let keptCapacity = 8 << 20

        /// True between `beginParse` and `reset`.
        var parsing = false
        private var first: UnsafeMutableRawPointer?
        private var current: UnsafeMutableRawPointer?
        /// Bytes used in `current`, its header included.
        private var used = 0
        private var capacity = 0
        private var totalCapacity = 0
        /// The most recent allocation, which `realloc` can grow and `free` can take back.
        private var last: UnsafeMutableRawPointer?

        mutating func allocate(_ size: Int, zeroed: Bool) -> UnsafeMutableRawPointer {
            let needed = State.headerSize + State.rounded(size)
            if current == nil || used + needed > capacity { advance(toFit: needed) }
            let block = current! + used
            block.storeBytes(of: size, as: Int.self)
            used += needed
            let payload = block + State.headerSize
            if zeroed { payload.initializeMemory(as: UInt8.self, repeating: 0, count: size) }
            last = payload
            return payload
        }

        mutating func reallocate(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer {
            guard let pointer else { return allocate(size, zeroed: false) }
            let header = pointer - State.headerSize
            let oldSize = header.load(as: Int.self)
            if size <= oldSize { return pointer }
            if pointer == last, let current {
                // The last allocation grows in place when its chunk has room.
                let start = header - current
                let end = start + State.headerSize + State.rounded(size)
                if end <= capacity {
                    header.storeBytes(of: size, as: Int.self)
                    used = end
                    return pointer
                }
            }
            let moved = allocate(size, zeroed: false)
            moved.copyMemory(from: pointer, byteCount: oldSize)
            return moved
        }

        mutating func free(_ pointer: UnsafeMutableRawPointer?) {
            guard let pointer, pointer == last, let current else { return }
            used = pointer - State.headerSize - current
            last = nil
        }

        /// Frees every chunk: the thread is ending.
        mutating func releaseAll() {
            var chunk = first
            while let freed = chunk {
                chunk = State.next(of: freed)
                freed.deallocate()
            }
            self = State()
        }

        mutating func reset() {
            if totalCapacity > State.keptCapacity, let first {
                var chunk = State.next(of: first)
                while let freed = chunk {
                    chunk = State.next(of: freed)
                    totalCapacity -= State.capacity(of: freed)
                    freed.deallocate()
                }
                first.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
            }
            current = first
            used = State.headerSize
            capacity = first.map(State.capacity(of:)) ?? 0
            last = nil
            parsing = false
        }

        /// Moves on to the next chunk with room for `needed` bytes, making one if there is none.
        private mutating func advance(toFit needed: Int) {
            if let current, let next = State.next(of: current), State.capacity(of: next) >= State.headerSize + needed {
                self.current = next
            } else {
                let size = max(State.chunkSize, State.headerSize + needed)
                let chunk = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
                chunk.storeBytes(of: current.flatMap(State.next(of:)), as: UnsafeMutableRawPointer?.self)
                chunk.storeBytes(of: size, toByteOffset: 8, as: Int.self)
                if let current {
                    current.storeBytes(of: chunk, as: UnsafeMutableRawPointer?.self)
                } else {
                    first = chunk
                }
                totalCapacity += size
                self.current = chunk
            }
            used = State.headerSize
            capacity = State.capacity(of: self.current!)
            last = nil
        }

        private static func next(of chunk: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer? {
            chunk.load(as: UnsafeMutableRawPointer?.self)
        }

        private static func capacity(of chunk: UnsafeMutableRawPointer) -> Int {
            chunk.load(fromByteOffset: 8, as: Int.self)
        }

        private static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }
    }
}

/// The thread-local slot of each thread's arena; the arena is freed when its thread ends.
private let cmarkArenaKey: pthread_key_t = {
    var key = pthread_key_t()
    let status = pthread_key_create(&key, { freeArenaState($0) })
    precondition(status == 0, "no thread-local key left for the Markdown parser's memory")
    return key
}()

private func freeArenaState(_ state: UnsafeMutableRawPointer?) {
    guard let state = state?.assumingMemoryBound(to: CmarkArena.State.self) else { return }
    state.pointee.releaseAll()
    state.deinitialize(count: 1)
    state.deallocate()
}

/// cmark's allocator hooks. Written once, then only read: safe to share between threads.
private nonisolated(unsafe) let cmarkArenaAllocator: UnsafeMutablePointer<cmark_mem> = {
    let allocator = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
    allocator.initialize(
        to: cmark_mem(
            calloc: { count, size in
                // cmark aborts when its own allocator fails; so does this one.
                let (total, overflow) = count.multipliedReportingOverflow(by: size)
                precondition(!overflow, "cmark asked for more memory than can be addressed")
                return CmarkArena.state().pointee.allocate(total, zeroed: true)
            },
            realloc: { pointer, size in CmarkArena.state().pointee.reallocate(pointer, size) },
            free: { pointer in CmarkArena.state().pointee.free(pointer) }))
    return allocator
}()
