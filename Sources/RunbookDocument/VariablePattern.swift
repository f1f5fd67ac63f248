/// A variable's `pattern`, compiled once when the runbook is read and matched against a whole
/// value in time proportional to the value's length times the pattern's size.
///
/// Swift's `Regex` backtracks: `(a+)+$` took 42 seconds to reject 21 characters, so a runbook
/// could stall a run before its first step. Patterns are regular expressions in the common
/// syntax (literals, `.`, classes, `\d \w \s`, groups, `|`, `* + ? {n,m}`, `^ $`), compiled to
/// a small program and run as a Thompson NFA that follows every alternative at once (a Pike
/// VM): each character of the value is looked at once per instruction, never again. What
/// such a machine cannot do in linear time (back-references, look-around, possessive
/// quantifiers) is refused when the runbook is read, with the reason.
public struct VariablePattern: Hashable, Sendable {
    /// The pattern as written.
    public let source: String
    let program: [Instruction]

    /// The most instructions a pattern compiles to: `{n,m}` copies its operand, and
    /// `(x{1000}){1000}` would otherwise be a million-instruction program.
    static let instructionLimit = 20_000

    /// Compiles `source`.
    /// - Throws: `VariablePatternError` saying what is wrong and where.
    public init(_ source: String) throws(VariablePatternError) {
        self.source = source
        var parser = Parser(scalars: Array(source.unicodeScalars), source: source)
        let node = try parser.parseWhole()
        var compiler = Compiler(source: source)
        try compiler.emit(node)
        compiler.program.append(.match)
        program = compiler.program
    }

    /// Whether the whole of `value` matches (as `Regex.wholeMatch` does).
    public func wholeMatches(_ value: String) -> Bool {
        let input = Array(value.unicodeScalars)
        var current = ThreadList(size: program.count)
        var next = ThreadList(size: program.count)
        add(0, at: 0, count: input.count, to: &current)
        for position in 0...input.count {
            if current.pcs.isEmpty { return false }
            next.clear()
            for pc in current.pcs {
                switch program[pc] {
                case .match:
                    if position == input.count { return true }
                case .scalar(let expected):
                    if position < input.count, input[position] == expected {
                        add(pc + 1, at: position + 1, count: input.count, to: &next)
                    }
                case .set(let set):
                    if position < input.count, set.contains(input[position]) {
                        add(pc + 1, at: position + 1, count: input.count, to: &next)
                    }
                case .any:
                    if position < input.count, input[position] != "\n" {
                        add(pc + 1, at: position + 1, count: input.count, to: &next)
                    }
                case .split, .jump, .assertStart, .assertEnd:
                    break // followed in `add`
                }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Adds the thread at `pc` and every thread it reaches without consuming a character; each
    /// instruction at most once per position, which is what bounds the work.
    private func add(_ start: Int, at position: Int, count: Int, to list: inout ThreadList) {
        var pending = [start]
        while let pc = pending.popLast() {
            guard list.insert(pc) else { continue }
            switch program[pc] {
            case .jump(let target): pending.append(target)
            case .split(let first, let second): pending.append(second); pending.append(first)
            case .assertStart: if position == 0 { pending.append(pc + 1) }
            case .assertEnd: if position == count { pending.append(pc + 1) }
            default: break
            }
        }
    }

    enum Instruction: Hashable, Sendable {
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
        case any
        case split(Int, Int)
        case jump(Int)
        case assertStart
        case assertEnd
        case match
    }

    /// The instructions reached at one position, in order, each once.
    struct ThreadList {
        var pcs: [Int] = []
        var seen: [Bool]

        init(size: Int) { seen = Array(repeating: false, count: size) }

        mutating func insert(_ pc: Int) -> Bool {
            if seen[pc] { return false }
            seen[pc] = true
            pcs.append(pc)
            return true
        }

        mutating func clear() {
            for pc in pcs { seen[pc] = false }
            pcs.removeAll(keepingCapacity: true)
        }
    }
}
