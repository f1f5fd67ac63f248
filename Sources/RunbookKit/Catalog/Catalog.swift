import RunbookDocument
import RunbookParsing

/// The runbooks under some directories, most critical first: what `runbook list` shows.
public struct Catalog: Sendable {
    /// Only runbooks of this category, when set.
    public var category: Category?
    /// Only runbooks with one of these tags, when not empty.
    public var tags: [String]

    public init(category: Category? = nil, tags: [String] = []) {
        self.category = category
        self.tags = tags
    }

    /// The runbooks among the Markdown files under `roots` that pass the filters, sorted by
    /// priority, then category (uncategorised last), then id. Files without front matter and
    /// without steps (an index README) and runbooks with errors are left out.
    /// - Parameter skipped: sees each file that could not be read, in the order found.
    public func runbooks(in roots: [String], skipped: (RunbookReadError) -> Void = { _ in }) -> [Runbook] {
        var runbooks: [Runbook] = []
        OrderedParallelMap.run(MarkdownFileFinder.files(in: roots)) { file -> Result<Runbook, RunbookReadError> in
            do throws(RunbookReadError) { return .success(try RunbookParser().parse(contentsOf: file.path)) } catch {
                return .failure(error)
            }
        } consume: { parsed in
            switch parsed {
            case .success(let runbook):
                if runbook.looksLikeRunbook, !runbook.hasErrors, matches(runbook) { runbooks.append(runbook) }
            case .failure(let error):
                skipped(error)
            }
        }
        return runbooks.sorted {
            ($0.priority, $0.category?.rawValue ?? "~", $0.id) < ($1.priority, $1.category?.rawValue ?? "~", $1.id)
        }
    }

    /// Whether `runbook` passes the category and tag filters.
    public func matches(_ runbook: Runbook) -> Bool {
        (category == nil || runbook.category == category) && (tags.isEmpty || !Set(runbook.tags).isDisjoint(with: tags))
    }

}
