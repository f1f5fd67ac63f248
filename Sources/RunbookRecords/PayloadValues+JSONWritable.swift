import RunbookBytes
import RunbookDocument

// The nested values payloads hold, written by `JSONWriter` exactly as `JSONEncoder` with sorted
// keys writes them (a test holds the two together); their `Codable` conformance reads them back.

extension OutputMatch: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("diff", diff)
        json.field("matched", matched)
        json.endObject()
    }
}

extension SessionSnapshot: JSONWritable {
    public func writeJSON(to json: inout JSONWriter) {
        json.beginObject()
        json.field("aliases", aliases)
        json.key("exported")
        json.beginObject()
        // `.sortedKeys` orders keys by their UTF-8 bytes.
        for name in exported.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            json.dynamicKey(name)
            json.string(exported[name]!)
        }
        json.endObject()
        json.field("functions", functions)
        if let shellOptions { json.field("shellOptions", shellOptions) }
        json.field("unset", unset)
        json.field("workingDirectory", workingDirectory)
        json.endObject()
    }
}
