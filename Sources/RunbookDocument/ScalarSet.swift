/// A bracketed class or an escape such as `\d`: ranges and named categories, maybe negated.
struct ScalarSet: Hashable, Sendable {
    enum Category: Hashable, Sendable { case digit, word, space, alpha, alnum, upper, lower, hexDigit, punctuation }

    var ranges: [ClosedRange<UInt32>] = []
    var categories: [Category] = []
    var negatedCategories: [Category] = []
    var isNegated = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let inside =
            ranges.contains { $0.contains(scalar.value) }
            || categories.contains { Self.scalar(scalar, isIn: $0) }
            || negatedCategories.contains { !Self.scalar(scalar, isIn: $0) }
        return inside != isNegated
    }

    static func scalar(_ scalar: Unicode.Scalar, isIn category: Category) -> Bool {
        let properties = scalar.properties
        switch category {
        case .digit: return properties.numericType == .decimal
        case .word: return properties.isAlphabetic || properties.numericType == .decimal || scalar == "_"
        case .space: return properties.isWhitespace
        case .alpha: return properties.isAlphabetic
        case .alnum: return properties.isAlphabetic || properties.numericType == .decimal
        case .upper: return properties.isUppercase
        case .lower: return properties.isLowercase
        case .hexDigit: return properties.isASCIIHexDigit
        case .punctuation:
            return scalar.isASCII && (0x21...0x7E).contains(scalar.value) && !properties.isAlphabetic
                && properties.numericType == nil
        }
    }
}
