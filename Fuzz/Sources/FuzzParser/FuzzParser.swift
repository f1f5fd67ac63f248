import RunbookKit

/// libFuzzer's entry point for a harness that owns `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The runbook parser (front matter, info strings, console transcripts, Markdown) and what
/// `show` does with its result: the JSON, the checklist text, the quick view's variables and
/// every variable pattern compiled and matched.
@_cdecl("FuzzParser_main")
func fuzzParserMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        let runbook = RunbookParser().parse(bytes: bytes, path: "/fuzz/input.md")
        var writer = JSONWriter()
        runbook.writeJSON(to: &writer)
        _ = writer.take()
        for variable in runbook.variables {
            if let pattern = variable.pattern, let compiled = try? VariablePattern(pattern) {
                _ = compiled.wholeMatches(variable.defaultValue ?? String(decoding: bytes.prefix(64), as: UTF8.self))
            }
        }
        for step in runbook.steps { _ = TerminalText.visible(step.title) }
        return 0
    }
}
