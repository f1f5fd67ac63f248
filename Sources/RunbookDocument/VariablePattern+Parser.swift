extension VariablePattern {
    indirect enum Node {
        case empty
        case scalar(Unicode.Scalar)
        case set(ScalarSet)
        case any
        case start
        case end
        case concat([Node])
        case alternate([Node])
        case `repeat`(Node, min: Int, max: Int?)
    }

    /// Recursive descent over the pattern's scalars.
    struct Parser {
        let scalars: [Unicode.Scalar]
        let source: String
        var index = 0
        var depth = 0

        init(scalars: [Unicode.Scalar], source: String) {
            self.scalars = scalars
            self.source = source
        }

        mutating func parseWhole() throws(VariablePatternError) -> Node {
            let node = try alternation()
            if index < scalars.count { throw failure("the ')' at character \(index + 1) closes no group") }
            return node
        }

        private func failure(_ reason: String) -> VariablePatternError {
            VariablePatternError(pattern: source, reason: reason)
        }

        private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        private mutating func alternation() throws(VariablePatternError) -> Node {
            var branches = [try sequence()]
            while peek == "|" {
                index += 1
                branches.append(try sequence())
            }
            return branches.count == 1 ? branches[0] : .alternate(branches)
        }

        private mutating func sequence() throws(VariablePatternError) -> Node {
            var items: [Node] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                let atomStart = index
                var atom = try self.atom()
                while let quantifier = try quantifier() {
                    if case .start = atom {
                        throw failure("the quantifier at character \(atomStart + 2) has nothing to repeat")
                    }
                    if case .end = atom {
                        throw failure("the quantifier at character \(atomStart + 2) has nothing to repeat")
                    }
                    atom = .repeat(atom, min: quantifier.min, max: quantifier.max)
                }
                items.append(atom)
            }
            return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
        }

        /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe followed by `?` (lazy: the same
        /// answer for a whole match); nil when the next character is not one.
        private mutating func quantifier() throws(VariablePatternError) -> (min: Int, max: Int?)? {
            guard let scalar = peek else { return nil }
            let at = index + 1
            var result: (min: Int, max: Int?)
            switch scalar {
            case "*": index += 1; result = (0, nil)
            case "+": index += 1; result = (1, nil)
            case "?": index += 1; result = (0, 1)
            case "{":
                guard let counted = countedRepetition() else { return nil }
                result = counted
            default: return nil
            }
            if peek == "?" {
                index += 1
            } else if peek == "+" {
                throw failure("the possessive quantifier at character \(at) is not supported")
            }
            if let max = result.max, max < result.min {
                throw failure("the repetition at character \(at) has its maximum below its minimum")
            }
            if result.min > 1000 || (result.max ?? 0) > 1000 {
                throw failure("the repetition at character \(at) repeats more than 1000 times")
            }
            return result
        }

        /// `{n}`, `{n,}` or `{n,m}` at `index`; nil (and `{` taken literally) otherwise.
        private mutating func countedRepetition() -> (min: Int, max: Int?)? {
            var cursor = index + 1
            func number() -> Int? {
                var digits = ""
                while cursor < scalars.count, let digit = scalars[cursor].properties.numericType, digit == .decimal,
                    scalars[cursor].isASCII
                {
                    digits.unicodeScalars.append(scalars[cursor])
                    cursor += 1
                }
                return digits.isEmpty ? nil : Int(digits.prefix(6))
            }
            guard let minimum = number() else { return nil }
            var maximum: Int? = minimum
            if cursor < scalars.count, scalars[cursor] == "," {
                cursor += 1
                maximum = number()
            }
            guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
            index = cursor + 1
            return (minimum, maximum)
        }

        private mutating func atom() throws(VariablePatternError) -> Node {
            let scalar = scalars[index]
            let at = index + 1
            index += 1
            switch scalar {
            case ".": return .any
            case "^": return .start
            case "$": return .end
            case "[": return .set(try bracket(openedAt: at))
            case "*", "+", "?": throw failure("the quantifier at character \(at) has nothing to repeat")
            case "\\": return try escape(at: at, inBracket: false).node
            case "(":
                if peek == "?" {
                    index += 1
                    if peek == ":" {
                        index += 1
                    } else if peek == "<" || peek == "P" || peek == "'" {
                        if peek == "P" { index += 1 }
                        let close: Unicode.Scalar = peek == "'" ? "'" : ">"
                        if peek == "<", index + 1 < scalars.count,
                            scalars[index + 1] == "=" || scalars[index + 1] == "!"
                        {
                            throw failure("look-behind at character \(at) is not supported")
                        }
                        index += 1
                        while let name = peek, name != close { index += 1 }
                        guard peek == close else { throw failure("the group name at character \(at) is never closed") }
                        index += 1
                    } else if peek == "=" || peek == "!" {
                        throw failure("look-ahead at character \(at) is not supported")
                    } else {
                        throw failure("the group option at character \(at) is not supported")
                    }
                }
                depth += 1
                if depth > 100 { throw failure("groups are nested more than 100 deep") }
                let inner = try alternation()
                depth -= 1
                guard peek == ")" else { throw failure("the group opened at character \(at) is never closed") }
                index += 1
                return inner
            default: return .scalar(scalar)
            }
        }

        /// The class after a `[` at `openedAt`, through its `]`.
        private mutating func bracket(openedAt: Int) throws(VariablePatternError) -> ScalarSet {
            var set = ScalarSet()
            if peek == "^" { set.isNegated = true; index += 1 }
            var first = true
            while true {
                guard let scalar = peek else {
                    throw failure("the class opened at character \(openedAt) is never closed")
                }
                if scalar == "]" && !first { index += 1; return set }
                first = false
                if scalar == "[", index + 1 < scalars.count, scalars[index + 1] == ":" {
                    set.categories.append(try posixClass())
                    continue
                }
                let at = index + 1
                index += 1
                var low: Unicode.Scalar
                if scalar == "\\" {
                    let escaped = try escape(at: at, inBracket: true)
                    guard let single = escaped.scalar else {
                        if case .set(let inner) = escaped.node {
                            if inner.isNegated {
                                set.negatedCategories += inner.categories
                            } else {
                                set.categories += inner.categories
                            }
                        }
                        continue
                    }
                    low = single
                } else {
                    low = scalar
                }
                // A range `a-z`; a `-` first, last or after a range is itself.
                if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    var high = scalars[index]
                    let highAt = index + 1
                    index += 1
                    if high == "\\" {
                        guard let single = try escape(at: highAt, inBracket: true).scalar else {
                            throw failure("the range at character \(at) ends in a class")
                        }
                        high = single
                    }
                    guard low.value <= high.value else { throw failure("the range at character \(at) runs backwards") }
                    set.ranges.append(low.value...high.value)
                } else {
                    set.ranges.append(low.value...low.value)
                }
            }
        }

        /// `[:alpha:]` and its kin inside a class.
        private mutating func posixClass() throws(VariablePatternError) -> ScalarSet.Category {
            let at = index + 1
            index += 2
            var name = ""
            while let scalar = peek, scalar != ":" { name.unicodeScalars.append(scalar); index += 1 }
            guard index + 1 < scalars.count, scalars[index + 1] == "]" else {
                throw failure("the class name at character \(at) is never closed")
            }
            index += 2
            switch name {
            case "digit": return .digit
            case "alpha": return .alpha
            case "alnum": return .alnum
            case "upper": return .upper
            case "lower": return .lower
            case "space": return .space
            case "xdigit": return .hexDigit
            case "punct": return .punctuation
            case "word": return .word
            default: throw failure("the class name '\(name)' at character \(at) is unknown")
            }
        }

        /// The escape whose `\` is at `at` (1-based); `scalar` is set when it stands for one
        /// character.
        private mutating func escape(at: Int, inBracket: Bool) throws(VariablePatternError) -> (
            node: Node, scalar: Unicode.Scalar?
        ) {
            guard let scalar = peek else { throw failure("the pattern ends in a lone backslash") }
            index += 1
            func category(_ category: ScalarSet.Category, negated: Bool) -> (Node, Unicode.Scalar?) {
                (.set(ScalarSet(categories: [category], isNegated: negated)), nil)
            }
            switch scalar {
            case "d": return category(.digit, negated: false)
            case "D": return category(.digit, negated: true)
            case "w": return category(.word, negated: false)
            case "W": return category(.word, negated: true)
            case "s": return category(.space, negated: false)
            case "S": return category(.space, negated: true)
            case "n": return (.scalar("\n"), "\n")
            case "t": return (.scalar("\t"), "\t")
            case "r": return (.scalar("\r"), "\r")
            case "f": return (.scalar("\u{0C}"), "\u{0C}")
            case "v": return (.scalar("\u{0B}"), "\u{0B}")
            case "A" where !inBracket: return (.start, nil)
            case "z" where !inBracket, "Z" where !inBracket: return (.end, nil)
            case "x":
                var digits = ""
                while digits.count < 2, let next = peek, next.properties.isASCIIHexDigit {
                    digits.unicodeScalars.append(next); index += 1
                }
                guard digits.count == 2, let value = UInt32(digits, radix: 16), let hex = Unicode.Scalar(value) else {
                    throw failure("the escape at character \(at) needs two hexadecimal digits")
                }
                return (.scalar(hex), hex)
            default:
                if scalar.properties.numericType != nil {
                    throw failure("the back-reference at character \(at) is not supported")
                }
                if scalar.properties.isAlphabetic {
                    throw failure("the escape '\\\(scalar)' at character \(at) is not supported")
                }
                return (.scalar(scalar), scalar)
            }
        }
    }
}
