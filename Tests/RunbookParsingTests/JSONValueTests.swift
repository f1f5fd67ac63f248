import Foundation
import RunbookTestSupport
import Testing

/// The goldens' comparison keeps JSON's types: a golden that says `true` fails against `1`.
@Suite("Typed JSON comparison")
struct JSONValueTests {
    @Test("true is not 1, 1 is not \"1\", null is not missing")
    func typesStayApart() throws {
        #expect(try JSONValue.parse(Data(#"{"a":true}"#.utf8)) != (try JSONValue.parse(Data(#"{"a":1}"#.utf8))))
        #expect(try JSONValue.parse(Data(#"{"a":1}"#.utf8)) != (try JSONValue.parse(Data(#"{"a":"1"}"#.utf8))))
        #expect(try JSONValue.parse(Data(#"{"a":null}"#.utf8)) != (try JSONValue.parse(Data("{}".utf8))))
        #expect(
            try JSONValue.parse(Data(#"{"b":[1,2.5],"a":false}"#.utf8))
                == (try JSONValue.parse(Data(#"{"a":false,"b":[1,2.5]}"#.utf8))))
        let difference = try JSONValue.parse(Data(#"{"s":[{"x":true}]}"#.utf8)).firstDifference(
            from: try JSONValue.parse(Data(#"{"s":[{"x":1}]}"#.utf8)))
        #expect(difference == "$.s[0].x: true, expected 1")
    }
}
