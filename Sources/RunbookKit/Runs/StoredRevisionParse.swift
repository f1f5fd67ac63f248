import RunbookDocument
import RunbookParsing
import RunbookRecords

extension RunbookParser {
    /// Parses a revision read back from the records. The records check every text that is not
    /// redacted against its hash as they read it (`RecordStore.revision(hash:)`), so that hash
    /// is the text's own and is not computed a second time; a redacted text is parsed and
    /// hashed as it is.
    func parse(storedRevision revision: RunbookRevision) -> Runbook {
        guard !revision.isRedacted else { return parse(text: revision.text, path: revision.path) }
        return parse(text: revision.text, path: revision.path, verifiedHash: revision.hash.lowercased())
    }
}
