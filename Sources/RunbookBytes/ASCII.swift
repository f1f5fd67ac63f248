/// Names for the ASCII bytes the scanners and writers test and write, so a byte reads as what
/// it is instead of as a hex literal. Inlinable constants: they compile to the literal in
/// every layer's hot loops.
///
/// Public, not package: the compiler inlines a public type's `@inlinable` members into the
/// other modules, but calls a package type's (Swift 6.3), and these run once per byte or word.
public enum ASCII {
    @inlinable package static var tab: UInt8 { 0x09 }
    @inlinable package static var newline: UInt8 { 0x0A }
    @inlinable package static var verticalTab: UInt8 { 0x0B }
    @inlinable package static var formFeed: UInt8 { 0x0C }
    @inlinable package static var carriageReturn: UInt8 { 0x0D }
    @inlinable package static var escape: UInt8 { 0x1B }
    @inlinable package static var space: UInt8 { 0x20 }
    @inlinable package static var exclamation: UInt8 { 0x21 }
    @inlinable package static var quote: UInt8 { 0x22 }
    @inlinable package static var hash: UInt8 { 0x23 }
    @inlinable package static var dollar: UInt8 { 0x24 }
    @inlinable package static var ampersand: UInt8 { 0x26 }
    @inlinable package static var apostrophe: UInt8 { 0x27 }
    @inlinable package static var leftParenthesis: UInt8 { 0x28 }
    @inlinable package static var rightParenthesis: UInt8 { 0x29 }
    @inlinable package static var asterisk: UInt8 { 0x2A }
    @inlinable package static var plus: UInt8 { 0x2B }
    @inlinable package static var comma: UInt8 { 0x2C }
    @inlinable package static var minus: UInt8 { 0x2D }
    @inlinable package static var dot: UInt8 { 0x2E }
    @inlinable package static var slash: UInt8 { 0x2F }
    @inlinable package static var zero: UInt8 { 0x30 }
    @inlinable package static var nine: UInt8 { 0x39 }
    @inlinable package static var colon: UInt8 { 0x3A }
    @inlinable package static var semicolon: UInt8 { 0x3B }
    @inlinable package static var lessThan: UInt8 { 0x3C }
    @inlinable package static var equals: UInt8 { 0x3D }
    @inlinable package static var greaterThan: UInt8 { 0x3E }
    @inlinable package static var question: UInt8 { 0x3F }
    @inlinable package static var at: UInt8 { 0x40 }
    @inlinable package static var leftBracket: UInt8 { 0x5B }
    @inlinable package static var backslash: UInt8 { 0x5C }
    @inlinable package static var rightBracket: UInt8 { 0x5D }
    @inlinable package static var backtick: UInt8 { 0x60 }
    @inlinable package static var leftBrace: UInt8 { 0x7B }
    @inlinable package static var verticalBar: UInt8 { 0x7C }
    @inlinable package static var rightBrace: UInt8 { 0x7D }
    @inlinable package static var delete: UInt8 { 0x7F }

    /// A byte below 0x20, or DEL.
    @inlinable
    package static func isControl(_ byte: UInt8) -> Bool { byte < space || byte == delete }

    /// Space, tab, newline, carriage return, vertical tab or form feed.
    @inlinable
    package static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || (byte >= tab && byte <= carriageReturn)
    }

    /// 0 to 9.
    @inlinable
    package static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }
}
