import Testing

@testable import RunbookBytes

@Suite struct FlatJSONScannerTests {
    /// Every key and value of `json` as text, or nil where the scanner says it is not flat.
    private func scan(_ json: String) -> [String]? {
        let bytes = Array(json.utf8)
        return bytes.withUnsafeBufferPointer { body -> [String]? in
            var scanner = FlatJSONScanner(body)
            var seen: [String] = []
            func text(_ range: Range<Int>) -> String { String(decoding: body[range], as: UTF8.self) }
            while true {
                switch scanner.nextKey() {
                case .end: return seen
                case .invalid: return nil
                case .key(let key, _):
                    switch scanner.value() {
                    case .string(let range, let escaped):
                        seen += [text(key), "s:" + text(range) + (escaped ? "\\" : "")]
                    case .number(let range): seen += [text(key), "n:" + text(range)]
                    case .bool(let flag): seen += [text(key), "b:\(flag)"]
                    case nil: return nil
                    }
                }
            }
        }
    }

    @Test func readsStringsNumbersAndBooleansInOrder() {
        #expect(
            scan(#" { "b" : "x\"y" ,"a":-1.5e3,"c":true, "d":false } "#) == [
                "b", "s:x\\\"y\\", "a", "n:-1.5e3", "c", "b:true", "d", "b:false",
            ])
        #expect(scan("{}") == [])
        #expect(scan("{\"long\":\"\(String(repeating: "plain text ", count: 5))\"}")?.count == 2)
    }

    @Test func stringsWithEscapesEndWhereTheirQuoteIs() {
        // Escapes between long plain runs, a quote after them at every offset within a word.
        for pad in 0..<9 {
            let plain = String(repeating: "p", count: pad)
            let value = #"line 1\nline two of text\n\"quoted\" and more plain text "# + plain
            #expect(scan(#"{"t":""# + value + #"","n":1}"#) == ["t", "s:" + value + "\\", "n", "n:1"], "\(pad)")
            #expect(scan(#"{"t":""# + value + "\t" + #""}"#) == nil, "a tab after \(pad)")
            #expect(scan(#"{"t":""# + value) == nil, "unterminated after \(pad)")
        }
        #expect(scan(#"{"t":"ends in an escape \"#) == nil)
    }

    @Test func anythingNotFlatIsInvalid() {
        for json in [
            "", "[]", "{", #"{"a":null}"#, #"{"a":{}}"#, #"{"a":[1]}"#, #"{"a":1} x"#, #"{"a":1,}"#, #"{"a" 1}"#,
            "{\"a\":\"tab\tinside\"}", #"{"a":"unterminated}"#, #"{"a":tru}"#,
        ] {
            #expect(scan(json) == nil, "\(json)")
        }
    }

    @Test func flatObjectsReadEscapesAndRejectWhatJSONDoesNot() {
        #expect(
            FlatJSONObject.parse(#"{"name":"a\nb \u00e9 \ud83d\ude80","n":3,"i":false}"#)?.map { "\($0)=\($1)" } == [
                "name=a\nb é 🚀", "n=3", "i=false",
            ])
        #expect(FlatJSONObject.parse(#"{"n":1-2}"#) == nil)
        #expect(FlatJSONObject.parse(#"{"s":"\q"}"#) == nil)
        #expect(FlatJSONObject.parse(#"{"s":"\udc00"}"#) == nil)
    }
}
