extension VariablePattern {
    /// Turns the tree into instructions.
    struct Compiler {
        let source: String
        var program: [Instruction] = []

        mutating func emit(_ node: Node) throws(VariablePatternError) {
            if program.count > VariablePattern.instructionLimit {
                throw VariablePatternError(pattern: source, reason: "it is too large once its repetitions are counted")
            }
            switch node {
            case .empty: break
            case .scalar(let scalar): program.append(.scalar(scalar))
            case .set(let set): program.append(.set(set))
            case .any: program.append(.any)
            case .start: program.append(.assertStart)
            case .end: program.append(.assertEnd)
            case .concat(let items): for item in items { try emit(item) }
            case .alternate(let branches):
                // split L1, next; L1: branch; jump end; next: split ...
                var jumps: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    if offset < branches.count - 1 {
                        let split = program.count
                        program.append(.split(0, 0))
                        try emit(branch)
                        jumps.append(program.count)
                        program.append(.jump(0))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        try emit(branch)
                    }
                }
                for jump in jumps { program[jump] = .jump(program.count) }
            case .repeat(let inner, let minimum, let maximum):
                for _ in 0..<minimum { try emit(inner) }
                if let maximum {
                    var splits: [Int] = []
                    for _ in minimum..<maximum {
                        splits.append(program.count)
                        program.append(.split(0, 0))
                        try emit(inner)
                    }
                    for split in splits { program[split] = .split(split + 1, program.count) }
                } else {
                    let loop = program.count
                    program.append(.split(0, 0))
                    try emit(inner)
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                }
            }
        }
    }
}
