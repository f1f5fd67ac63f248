#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Run ids in SQLite's `ORDER BY id` order (bytes compared), packed into one buffer: what
/// `RecordStore.uniquePrefixLengths(of:)` reads instead of a string per run.
struct SortedIDs {
    private var bytes: [UInt8] = []
    /// Where each id starts in `bytes`; the last element is the end of the last id.
    private var starts: [Int] = [0]

    var count: Int { starts.count - 1 }

    mutating func append(_ id: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: id)
        starts.append(bytes.count)
    }

    /// For each of `ids`, the length of its shortest unique prefix among these ids, at least
    /// `minimum`; nil for an id not among them.
    func prefixLengths(of ids: [String], minimum: Int) -> [Int?] {
        let lengths = prefixLengths(minimum: minimum)
        // Ids are time-ordered (RunID), so in a listing by start time each one is most often next
        // to the previous one in id order: tried before searching.
        var previous: Int?
        return ids.map { id in
            var id = id
            previous = id.withUTF8 { index(of: $0, near: previous) }
            return previous.map { lengths[$0] }
        }
    }

    /// For each id, the length of its shortest prefix that its neighbours (and so no other id)
    /// do not share, at least `minimum` and at most the whole id: `RunID.uniquePrefixLengths`.
    func prefixLengths(minimum: Int) -> [Int] {
        bytes.withUnsafeBufferPointer { all in
            var shared = [Int](repeating: 0, count: count + 1)
            // shared[i]: bytes id i-1 and id i have in common.
            for index in 1..<max(1, count) {
                let a = starts[index - 1], b = starts[index]
                let limit = min(b - a, starts[index + 1] - b)
                var common = 0
                while common < limit, all[a + common] == all[b + common] { common += 1 }
                shared[index] = common
            }
            return (0..<count).map { index in
                let needed = max(shared[index], index + 1 < count ? shared[index + 1] : 0)
                return min(starts[index + 1] - starts[index], max(minimum, needed + 1))
            }
        }
    }

    /// The position of `id`, or nil; the positions next to `hint` are tried first.
    func index(of id: UnsafeBufferPointer<UInt8>, near hint: Int? = nil) -> Int? {
        bytes.withUnsafeBufferPointer { all in
            // Only empty ids (never written by the engine) leave the buffer without storage.
            guard let base = all.baseAddress else { return count > 0 && id.isEmpty ? 0 : nil }
            // How the id at `position` sorts against `id`.
            func order(_ position: Int) -> Int32 {
                let start = starts[position], length = starts[position + 1] - start
                let order = id.isEmpty ? 0 : memcmp(base + start, id.baseAddress!, min(length, id.count))
                if order != 0 { return order }
                return length < id.count ? -1 : (length > id.count ? 1 : 0)
            }
            if let hint {
                if hint > 0, order(hint - 1) == 0 { return hint - 1 }
                if hint + 1 < count, order(hint + 1) == 0 { return hint + 1 }
            }
            var low = 0, high = count
            while low < high {
                let middle = (low + high) / 2
                let comparison = order(middle)
                if comparison == 0 { return middle }
                if comparison < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }
}
