/// A block-level fact from the Markdown body, in document order, with lines already mapped back
/// to the original file. This is the whole interface between cmark-gfm and the model: no C
/// pointer ever leaves `MarkdownWalker`.
enum MarkdownBlock {
    struct Code {
        var info: String
        var literal: String
        var line: Int
        var column: Int
        var isFenced: Bool
        var isClosed: Bool
        /// The first paragraph of the numbered-list item the block sits in (`1. Install the
        /// dependencies:` gives "Install the dependencies"), when that paragraph comes before it.
        var listItemTitle: String?
    }

    case heading(level: Int, text: String, line: Int, column: Int)
    /// Prose: a paragraph, or the text of a list item that is not a task.
    case paragraph(text: String, line: Int)
    case code(Code)
    case taskItem(text: String, isChecked: Bool, line: Int, column: Int)
    /// The first paragraph of a plain (non-task) list item; `depth` 1 is a top-level list.
    case listItem(text: String, depth: Int, containsCode: Bool, line: Int, column: Int)
    case htmlComment(text: String, line: Int, endLine: Int, column: Int)
}
