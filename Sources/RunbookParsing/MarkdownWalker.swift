import CCmarkGFM
import Foundation

/// Parses a Markdown body with cmark-gfm and flattens its tree into `MarkdownBlock`s.
///
/// Everything cmark allocates lives in this thread's `CmarkArena` and is given back before
/// `blocks(of:from:lineOffset:)` returns; the tree is walked with cmark's iterator rather than
/// recursion, so deeply nested quotes or lists cannot exhaust a worker thread's stack.
enum MarkdownWalker {
    /// cmark-gfm's extension registry is global; registering once, thread-safely, via a lazy static.
    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// Held while cmark finishes a parse. The characters that start an extension's inlines
    /// (`~` for strikethrough, `:` and `w` for autolinks) live in one process-wide table, which
    /// every `cmark_parser_finish` sets before parsing inlines and clears after; a parse on
    /// another thread finishing meanwhile cleared them under this one, which then kept
    /// `~~struck~~` as text now and then. Block parsing (`cmark_parser_feed`) needs no lock.
    private static let finishLock = NSLock()

    private static let extensionNames = ["table", "strikethrough", "tasklist", "autolink"]

    /// - Parameters:
    ///   - bytes: the whole file; the Markdown body starts at `start`.
    ///   - lineOffset: how many file lines precede the body.
    static func blocks(of bytes: [UInt8], from start: Int, lineOffset: Int) -> [MarkdownBlock] {
        _ = extensionsRegistered
        // The parser, the tree and every string cmark makes live in this thread's arena and
        // are given back together once the blocks are read: no cmark_node_free walk.
        CmarkArena.beginParse()
        defer { CmarkArena.reset() }
        guard let parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, CmarkArena.allocator) else { return [] }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, start < buffer.count else { return }
            (base + start).withMemoryRebound(to: CChar.self, capacity: buffer.count - start) {
                cmark_parser_feed(parser, $0, buffer.count - start)
            }
        }
        finishLock.lock()
        let finished = cmark_parser_finish(parser)
        finishLock.unlock()
        guard let document = finished else { return [] }
        var walk = Walk(bytes: bytes, bodyStart: start, lineOffset: lineOffset)
        walk.run(document)
        return walk.blocks
    }
}

/// The state of one walk over a document tree.
private struct Walk {
    let bytes: [UInt8]
    let bodyStart: Int
    let lineOffset: Int
    var blocks: [MarkdownBlock] = []
    private var lineStarts: [Int]?

    /// Text collected for the heading or paragraph being walked, as bytes: appending C strings
    /// to a reused buffer costs no allocation per text node.
    private var text: [UInt8] = []
    private var isCollecting = false
    private var textLine = 0
    private var textColumn = 0

    private struct OpenItem {
        var isTask: Bool
        var isChecked: Bool
        var containsCode: Bool
        var line: Int
        var column: Int
        var isOrdered: Bool
        var sawParagraph = false
        /// The item's first paragraph, once walked.
        var title: String?
    }
    private var items: [OpenItem] = []

    init(bytes: [UInt8], bodyStart: Int, lineOffset: Int) {
        self.bytes = bytes
        self.bodyStart = bodyStart
        self.lineOffset = lineOffset
    }

    mutating func run(_ document: OpaquePointer) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let entering = event == CMARK_EVENT_ENTER
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                if entering {
                    beginText(node)
                } else if let collected = endText() {
                    blocks.append(
                        .heading(
                            level: Int(cmark_node_get_heading_level(node)), text: collected,
                            line: textLine, column: textColumn))
                }
            case CMARK_NODE_PARAGRAPH:
                if entering { beginText(node) } else if let collected = endText() { finishParagraph(collected) }
            case CMARK_NODE_ITEM:
                if entering { openItem(node) } else { _ = items.popLast() }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if isCollecting, let literal = cmark_node_get_literal(node) {
                    literal.withMemoryRebound(to: UInt8.self, capacity: 1) { bytes in
                        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: strlen(literal)))
                    }
                }
            case CMARK_NODE_SOFTBREAK:
                if isCollecting { text.append(0x20) }
            case CMARK_NODE_LINEBREAK:
                if isCollecting { text.append(0x0A) }
            case CMARK_NODE_CODE_BLOCK:
                blocks.append(.code(codeBlock(node)))
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                collectComments(node)
            default:
                break
            }
        }
    }

    // MARK: - Text

    private mutating func beginText(_ node: OpaquePointer) {
        text.removeAll(keepingCapacity: true)
        isCollecting = true
        textLine = Int(cmark_node_get_start_line(node)) + lineOffset
        textColumn = Int(cmark_node_get_start_column(node))
    }

    private mutating func endText() -> String? {
        guard isCollecting else { return nil }
        isCollecting = false
        return text.withUnsafeBufferPointer { buffer in
            // Trim ASCII white space on the bytes so only the trimmed text becomes a String;
            // a non-ASCII edge (a no-break space, say) takes the String's own trimming.
            var start = 0, end = buffer.count
            while start < end, buffer[start].isASCIIWhitespace { start += 1 }
            while end > start, buffer[end - 1].isASCIIWhitespace { end -= 1 }
            let trimmed = UnsafeBufferPointer(rebasing: buffer[start..<end])
            guard let first = trimmed.first, let last = trimmed.last, first >= 0x80 || last >= 0x80 else {
                return String(decoding: trimmed, as: UTF8.self)
            }
            return String(decoding: trimmed, as: UTF8.self).trimmingWhitespace()
        }
    }

    private mutating func finishParagraph(_ collected: String) {
        if var item = items.last, !item.sawParagraph {
            item.sawParagraph = true
            item.title = collected
            items[items.count - 1] = item
            if item.isTask {
                blocks.append(
                    .taskItem(text: collected, isChecked: item.isChecked, line: item.line, column: item.column))
            } else {
                blocks.append(
                    .listItem(
                        text: collected, depth: items.count, containsCode: item.containsCode,
                        line: item.line, column: item.column))
            }
            return
        }
        blocks.append(.paragraph(text: collected, line: textLine))
    }

    private mutating func openItem(_ node: OpaquePointer) {
        let isTask = cmark_node_get_type_string(node).map { strcmp($0, "tasklist") == 0 } ?? false
        items.append(
            OpenItem(
                isTask: isTask,
                isChecked: isTask && cmark_gfm_extensions_get_tasklist_item_checked(node),
                // Only top-level plain items can become manual checks (RunbookBuilder), so only
                // they need the subtree scan; scanning every nested item was quadratic in depth.
                containsCode: !isTask && items.isEmpty && Walk.containsCodeBlock(node),
                line: Int(cmark_node_get_start_line(node)) + lineOffset,
                column: Int(cmark_node_get_start_column(node)),
                isOrdered: cmark_node_parent(node).map { cmark_node_get_list_type($0) == CMARK_ORDERED_LIST } ?? false))
    }

    private static func containsCodeBlock(_ node: OpaquePointer) -> Bool {
        guard let iterator = cmark_iter_new(node) else { return false }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            if let current = cmark_iter_get_node(iterator), cmark_node_get_type(current) == CMARK_NODE_CODE_BLOCK {
                return true
            }
        }
        return false
    }

    private func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    // MARK: - Code blocks

    private mutating func codeBlock(_ node: OpaquePointer) -> MarkdownBlock.Code {
        var fenceLength: Int32 = 0
        var fenceOffset: Int32 = 0
        var fenceCharacter: CChar = 0
        let isFenced = cmark_node_get_fenced(node, &fenceLength, &fenceOffset, &fenceCharacter) != 0
        let startLine = Int(cmark_node_get_start_line(node))
        let endLine = Int(cmark_node_get_end_line(node))
        let isClosed =
            !isFenced
            || endLine > startLine
                && isClosingFence(line: endLine, character: UInt8(bitPattern: fenceCharacter), length: Int(fenceLength))
        return MarkdownBlock.Code(
            info: isFenced ? (cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "") : "",
            literal: literal(node),
            line: startLine + lineOffset,
            column: Int(cmark_node_get_start_column(node)),
            isFenced: isFenced,
            isClosed: isClosed,
            listItemTitle: listItemTitle())
    }

    /// The title of the innermost numbered-list item around the block being walked: its first
    /// sentence without a trailing colon. Steps written as `1. Install the dependencies:` are
    /// named by the item.
    private func listItemTitle() -> String? {
        guard let item = items.last(where: \.isOrdered), var title = item.title else { return nil }
        if let ascii = Walk.asciiListItemTitle(title) { return ascii }
        if let sentenceEnd = title.range(of: ". ") { title = String(title[..<sentenceEnd.lowerBound]) }
        while let last = title.last, last == ":" || last == " " { title.removeLast() }
        return title.isEmpty ? nil : title
    }

    /// `listItemTitle` for an ASCII title, on its bytes: Foundation's `range(of:)` compares
    /// Unicode text and ran for every code block inside a numbered item. Nil for any other
    /// title, which takes that path.
    private static func asciiListItemTitle(_ title: String) -> String?? {
        var title = title
        return title.withUTF8 { bytes -> String?? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var end = bytes.count
            var index = 0
            while index + 1 < bytes.count {
                if bytes[index] == UInt8(ascii: "."), bytes[index + 1] == UInt8(ascii: " ") {
                    end = index
                    break
                }
                index += 1
            }
            while end > 0, bytes[end - 1] == UInt8(ascii: ":") || bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            return .some(end == 0 ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self))
        }
    }

    /// True when body line `line` (1-based) is a closing fence: container markers (`>`, spaces)
    /// then at least `length` fence characters and nothing but spaces.
    private mutating func isClosingFence(line: Int, character: UInt8, length: Int) -> Bool {
        if lineStarts == nil {
            lineStarts = bytes.withUnsafeBufferPointer { buffer in
                var starts = [bodyStart]
                starts.reserveCapacity(buffer.count / 32)
                guard let base = buffer.baseAddress else { return starts }
                var index = bodyStart
                while index < buffer.count, let found = memchr(base + index, 0x0A, buffer.count - index) {
                    index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
                    starts.append(index)
                }
                return starts
            }
        }
        guard let starts = lineStarts, line >= 1, line <= starts.count else { return false }
        var index = starts[line - 1]
        let end = line < starts.count ? starts[line] - 1 : bytes.count
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == UInt8(ascii: ">") {
            index += 1
        }
        var count = 0
        while index < end, bytes[index] == character { count += 1; index += 1 }
        guard count >= length, count > 0 else { return false }
        while index < end, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        return index == end
    }

    // MARK: - Comments

    private mutating func collectComments(_ node: OpaquePointer) {
        // Most HTML (tags, not comments) has no "<!--" at all: asked of the C string, without
        // a String or Foundation's search.
        guard let raw = cmark_node_get_literal(node), strstr(raw, "<!--") != nil else { return }
        let html = String(cString: raw)
        let startLine = Int(cmark_node_get_start_line(node)) + lineOffset
        let startColumn = Int(cmark_node_get_start_column(node))
        var rest = html[...]
        var consumedLines = 0
        while let open = rest.range(of: "<!--") {
            consumedLines += rest[rest.startIndex..<open.lowerBound].count(of: "\n")
            guard let close = rest[open.upperBound...].range(of: "-->") else { break }
            let body = rest[open.upperBound..<close.lowerBound]
            let line = startLine + consumedLines
            let spanned = body.count(of: "\n")
            blocks.append(
                .htmlComment(
                    text: String(body).trimmingWhitespace(), line: line,
                    endLine: line + spanned, column: consumedLines == 0 ? startColumn : 1))
            consumedLines += spanned
            rest = rest[close.upperBound...]
        }
    }
}

extension UInt8 {
    /// The white space `trimmingWhitespace` removes: space, tab, LF, VT, FF, CR.
    fileprivate var isASCIIWhitespace: Bool { self == 0x20 || (self >= 0x09 && self <= 0x0D) }
}
