import RunbookKit

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The output matcher: the input's first half (up to a NUL) is the expected output, the rest
/// the actual output; also the terminal sanitiser over the same bytes, in every mode.
@_cdecl("FuzzMatcher_main")
func fuzzMatcherMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
        let split = bytes.firstIndex(of: 0) ?? bytes.count / 2
        let expected = String(decoding: bytes[..<split], as: UTF8.self)
        let actual = String(decoding: bytes[min(split + 1, bytes.count)...], as: UTF8.self)
        let matcher = OutputMatcher(lines: expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        _ = matcher.match(actual)
        for mode in [TerminalText.Mode.plain, .toolColours, .screen, .liveOutput] {
            var filter = TerminalText(mode: mode)
            _ = filter.filter(Array(bytes[..<split])) + filter.filter(Array(bytes[split...])) + filter.finish()
        }
        return 0
    }
}
