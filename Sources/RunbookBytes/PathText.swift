/// Paths as text, for what Foundation's `NSString` path methods do but cannot be trusted with:
/// on Linux `deletingLastPathComponent` traps on a path whose only component is one character
/// (`x`, `.`, `x/`), which made `lint x` and a records file named `q` crash the tool.
public enum PathText {
    /// The directory part of `path`, as `NSString.deletingLastPathComponent` gives it where that
    /// works: `a/b` → `a`, `/x` → `/`, `a/b/` → `a`, `x` → `` (empty: the current directory, as
    /// written), `/` → `/`.
    public static func directory(of path: String) -> String {
        var bytes = Array(path.utf8)
        let slash = UInt8(ascii: "/")
        func dropTrailingSlashes() { while bytes.count > 1, bytes.last == slash { bytes.removeLast() } }
        dropTrailingSlashes()
        if bytes == [slash] { return "/" }
        guard let last = bytes.lastIndex(of: slash) else { return "" }
        if last == 0 { return "/" }
        bytes.removeSubrange(last...)
        dropTrailingSlashes()
        return String(decoding: bytes, as: UTF8.self)
    }
}
