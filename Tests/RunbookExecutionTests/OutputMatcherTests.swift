import Foundation
import RunbookExecution
import Testing

/// The matching rules of docs/format.md, one convention at a time.
@Suite struct OutputMatcherTests {
    private func matches(_ expected: [String], _ stdout: String, stderr: String = "") -> Bool {
        OutputMatcher(lines: expected).match(PrintedOutput(stdout: Array(stdout.utf8), stderr: Array(stderr.utf8)))
            .matched
    }

    @Test("`...` matches any number of lines, none included")
    func wildcard() {
        #expect(matches(["start", "...", "end"], "start\nnoise\nmore noise\nend\n"))
        #expect(matches(["start", "...", "end"], "start\nend\n"))
        #expect(!matches(["start", "...", "end"], "start\nnoise\n"))
    }

    @Test("Lines compare exactly: trailing white space, blank lines and carriage returns count")
    func exactLines() {
        #expect(!matches(["end  "], "end\n"))
        #expect(!matches(["end"], "end  \n"))
        #expect(matches(["", "foo"], "\nfoo\n"))
        #expect(!matches(["foo"], "foo\n\n"))
        #expect(matches(["foo", ""], "foo\n\n"))
        #expect(!matches(["foo"], "foo\r\n"))
    }

    @Test("No expected lines expects no output at all")
    func emptyExpectation() {
        #expect(matches([], ""))
        #expect(!matches([], "anything\n"))
        #expect(!matches([], "", stderr: "a warning\n"))
    }

    @Test("(re) matches the whole line, falls back to equality, and an invalid pattern is literal")
    func regularExpressions() {
        #expect(matches(["took [0-9]+ms (re)"], "took 42ms\n"))
        #expect(!matches(["took [0-9]+ms (re)"], "took 42ms more\n"))
        #expect(!matches(["[0-9]+ (re)"], "x42\n"))
        // cram's literal fallback: output that is the expected line itself matches.
        #expect(matches(["a+b (re)"], "a+b (re)\n"))
        #expect(matches(["[unclosed (re)"], "[unclosed (re)\n"))
        #expect(!matches(["[unclosed (re)"], "[unclosed\n"))
    }

    @Test("(glob): * any text, ? one character, backslash escapes them")
    func globs() {
        #expect(matches(["time *:?? (glob)"], "time 12:34\n"))
        #expect(!matches(["time *:?? (glob)"], "time 12:345\n"))
        #expect(matches(["snap-é?* (glob)"], "snap-éx2024\n"))
        #expect(matches(["literal \\* star (glob)"], "literal * star\n"))
        #expect(!matches(["literal \\* star (glob)"], "literal x star\n"))
    }

    @Test("(esc) lines hold escapes for bytes that are not printable text")
    func escapes() {
        let matcher = OutputMatcher(lines: ["caf\\xe9\\ttab\\\\ (esc)"])
        #expect(matcher.match(PrintedOutput(stdout: Array("caf".utf8) + [0xE9, 0x09] + Array("tab\\\n".utf8))).matched)
        #expect(!matcher.match(PrintedOutput(stdout: Array("café\ttab\\\n".utf8))).matched)
        #expect(matches(["bell\\x07 (esc)"], "bell\u{07}\n"))
        #expect(matches(["nul\\0 (esc)"], "nul\u{0}\n"))
    }

    @Test("(no-eol) marks a last line without a line feed, alone or with another annotation")
    func noEOL() {
        #expect(matches(["foo (no-eol)"], "foo"))
        #expect(!matches(["foo"], "foo"))
        #expect(!matches(["foo (no-eol)"], "foo\n"))
        #expect(matches(["f.o (no-eol) (re)"], "foo"))
        let raw = OutputMatcher(lines: ["x\\xff (no-eol) (esc)"]).match(PrintedOutput(stdout: [0x78, 0xFF]))
        #expect(raw.matched)
    }

    @Test("stderr interleaves with stdout line by line, each stream keeping its order")
    func interleaving() {
        #expect(matches(["out1", "err1", "out2"], "out1\nout2\n", stderr: "err1\n"))
        #expect(matches(["err1", "out1", "out2"], "out1\nout2\n", stderr: "err1\n"))
        #expect(matches(["out1", "out2", "err1"], "out1\nout2\n", stderr: "err1\n"))
        #expect(!matches(["out2", "out1", "err1"], "out1\nout2\n", stderr: "err1\n"))
        #expect(!matches(["out1", "out2"], "out1\nout2\n", stderr: "err1\n"))
        #expect(matches(["out1", "...", "done"], "out1\ndone\n", stderr: "noise\nmore\n"))
    }

    @Test("Outputs too long to try every interleaving still match in the order they were read")
    func longInterleavedOutputs() {
        let stdout = (1...20_000).map { "\($0)\n" }.joined(), stderr = (1...300).map { "err \($0)\n" }.joined()
        let printed = PrintedOutput(
            stdout: Array(stdout.utf8), stderr: Array(stderr.utf8),
            combined: Array((stdout.dropLast(6) + stderr + "20000\n").utf8))
        #expect(OutputMatcher(lines: ["1", "...", "20000"]).match(printed).matched)
        #expect(!OutputMatcher(lines: ["1", "...", "19999"]).match(printed).matched)
    }

    @Test("An output block may show stdout alone, with stderr left out")
    func stdoutAlone() {
        let printed = PrintedOutput(stdout: Array("result\n".utf8), stderr: Array("progress\n".utf8))
        #expect(OutputMatcher(lines: ["result"]).match(printed, stdoutAlone: true).matched)
        #expect(!OutputMatcher(lines: ["result"]).match(printed).matched)
    }

    @Test("A mismatch comes with a diff that writes actual lines the way they would match")
    func diffs() {
        let result = OutputMatcher(lines: ["one", "two", "three"]).match("one\n2\nthree\n")
        #expect(!result.matched)
        #expect(result.diff == "--- expected\n+++ actual\n one\n-two\n+2\n three\n")
        let escaped = OutputMatcher(lines: ["x"]).match(PrintedOutput(stdout: [0x79, 0xFF, 0x1B]))
        #expect(escaped.diff == "--- expected\n+++ actual\n-x\n+y\\xff\\x1b (esc) (no-eol)\n")
    }

    @Test("$NAME and ${NAME} of declared variables expand in literal and glob lines, nowhere else")
    func variables() {
        let values = ["POOL": "tank", "GLOBBY": "a*b", "TOKEN": "[secret:TOKEN]"]
        func check(_ line: String, _ output: String) -> Bool {
            OutputMatcher(lines: [line], variables: values).match(output + "\n").matched
        }
        #expect(check("pool $POOL is ${POOL}", "pool tank is tank"))
        #expect(check("home $HOME", "home $HOME"))
        #expect(check("$POOLS", "$POOLS"))
        #expect(check("${POOL", "${POOL"))
        #expect(check("token $TOKEN", "token [secret:TOKEN]"))
        #expect(check("$GLOBBY-* (glob)", "a*b-x"))
        #expect(!check("$GLOBBY-* (glob)", "aXXb-x"))
        #expect(check("$POOL+ (re)", "$POOL+ (re)"))
        #expect(!check("$POOL+ (re)", "tank"))
    }
}
