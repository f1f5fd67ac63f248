/// A position in a runbook file, 1-based, as an editor shows it.
///
/// Columns count bytes of the UTF-8 line, which is what cmark-gfm reports and what
/// `file:line:col` consumers such as editors and CI annotations accept for ASCII-dominated text.
public struct SourceLocation: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The path as the user named it (kept relative when it was given relative).
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, the form compilers use and editors jump to.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
