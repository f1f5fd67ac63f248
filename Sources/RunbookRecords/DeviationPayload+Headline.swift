extension DeviationPayload {
    /// The deviation in one line for a summary: an output mismatch's detail is a diff, whose
    /// first line (`--- expected`) says nothing, so it reads as a sentence instead.
    public var headline: String {
        if kind == .outputMismatch, detail.hasPrefix("---") || detail.hasPrefix("@@") || detail.contains("\n") {
            return "the output differed from the expected output"
        }
        guard detail.contains("\n") || detail.contains("\r") else { return detail }
        return detail.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}
