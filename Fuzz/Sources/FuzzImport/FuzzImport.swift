import Foundation
import RunbookKit

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The import reader: a JSON export decoded, its log folded, and the reports every records
/// command renders from it (Markdown, HTML, the JSON export again).
@_cdecl("FuzzImport_main")
func fuzzImportMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
        let bytes = size == 0 ? Data() : Data(UnsafeBufferPointer(start: data, count: size))
        guard let export = try? JSONExporter.decode(bytes) else { return 0 }
        let report = RunReport(export)
        _ = MarkdownExporter().renderUTF8(report)
        _ = HTMLExporter().renderUTF8(report)
        _ = try? JSONExporter.render(export)
        return 0
    }
}
