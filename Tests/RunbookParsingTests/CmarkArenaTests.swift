import Testing

@testable import RunbookParsing

@Suite("cmark's arena")
struct CmarkArenaTests {
    @Test("a second parse begun on a thread before the first is reset stops the process")
    func oneParsePerThread() async {
        await #expect(processExitsWith: .failure) {
            CmarkArena.beginParse()
            CmarkArena.beginParse()
        }
    }

    @Test("a parse begun after a reset is allowed")
    func parseAfterReset() {
        CmarkArena.beginParse()
        CmarkArena.reset()
        CmarkArena.beginParse()
        CmarkArena.reset()
        #expect(RunbookParser().parse(text: "# T\n\n```bash\necho\n```\n", path: "t.md").steps.count == 1)
    }

    @Test("calloc zeroes, realloc keeps the bytes, free takes back only the last block, across chunks")
    func allocations() {
        let memory = CmarkArena.allocator.pointee
        defer { CmarkArena.reset() }
        for round in 0..<3 {
            var blocks: [(UnsafeMutableRawPointer, Int, UInt8)] = []
            for (index, size) in [1, 15, 16, 17, 100, 4096, 70_000, 3, 1 << 20, 8].enumerated() {
                let block = memory.calloc(1, size)!
                #expect(UnsafeRawBufferPointer(start: block, count: size).allSatisfy { $0 == 0 })
                #expect(Int(bitPattern: block) % 16 == 0)
                let fill = UInt8(truncatingIfNeeded: index + round * 16 + 1)
                block.initializeMemory(as: UInt8.self, repeating: fill, count: size)
                blocks.append((block, size, fill))
            }
            // The last block grows in place; an earlier one moves and keeps its bytes.
            let (last, lastSize, lastFill) = blocks.removeLast()
            let grown = memory.realloc(last, lastSize * 100)!
            #expect(grown == last)
            #expect(UnsafeRawBufferPointer(start: grown, count: lastSize).allSatisfy { $0 == lastFill })
            let (early, earlySize, earlyFill) = blocks.removeFirst()
            let moved = memory.realloc(early, 50_000)!
            #expect(UnsafeRawBufferPointer(start: moved, count: earlySize).allSatisfy { $0 == earlyFill })
            let fresh = memory.realloc(nil, 32)!
            memory.free(fresh)
            #expect(memory.calloc(4, 8) == fresh)
            for (block, size, fill) in blocks {
                #expect(UnsafeRawBufferPointer(start: block, count: size).allSatisfy { $0 == fill })
            }
            CmarkArena.reset()
        }
    }
}
