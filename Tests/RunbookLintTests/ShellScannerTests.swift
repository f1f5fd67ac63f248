import Testing

@testable import RunbookLint

@Suite struct ShellScannerTests {
    @Test func findsProgramsBehindWrappersAndSeparators() {
        let analysis = analyze(
            "sudo -u postgres psql -c 'select 1' && env A=1 timeout 5m zfs list | xargs -n1 echo; nohup make &\n")
        #expect(analysis.commands.compactMap(\.name?.text) == ["psql", "zfs", "echo", "make"])
    }

    @Test func commandLookupIsNotARun() {
        #expect(analyze("command -v zfs\n").commands.compactMap(\.name).isEmpty)
    }

    @Test func readsReferencesWithTheirOffsetsAndFallbacks() {
        let analysis = analyze("echo \"$POOL\" ${SNAP:-daily} '$QUOTED' \\$ESCAPED ${#LEN} $1 $?\n")
        #expect(analysis.references.map(\.name) == ["POOL", "SNAP", "LEN"])
        #expect(analysis.references.map(\.offset) == [6, 13, 48])
        #expect(analysis.references.map(\.hasFallback) == [false, true, false])
        #expect(analysis.references.allSatisfy { $0.commandIndex == 0 })
    }

    @Test func commandSubstitutionsAreCommandsOfTheirOwn() {
        let analysis = analyze("echo \"$(zfs list -H -o name \"$POOL\")\" `hostname`\n")
        #expect(Set(analysis.commands.compactMap(\.name?.text)) == ["echo", "zfs", "hostname"])
        let zfs = analysis.commands.firstIndex { $0.name?.text == "zfs" }
        #expect(analysis.references.first?.commandIndex == zfs)
    }

    @Test func arithmeticAssignsItsNamesButComparisonsDoNot() {
        let analysis = analyze("for ((i = 0; i < n; i++)); do echo \"$i\"; done\n(( total += 1 ))\n(( a == b ))\n")
        #expect(analysis.assignments.map(\.name) == ["i", "i", "total"])
        #expect(!analysis.hasSyntaxError)
        #expect(analysis.commands.compactMap(\.name?.text) == ["echo"])
    }

    @Test func recordsAssignmentsExportsAndLoopVariables() {
        let analysis = analyze(
            """
            A=1
            export B=2 C
            declare -x D=4
            for disk in sda sdb; do echo "$disk"; done
            read -r -p 'ok? ' answer
            PREFIX=1 run-me
            arr=(one two)

            """)
        let names = analysis.assignments.map(\.name)
        #expect(names == ["A", "B", "C", "D", "disk", "answer", "arr"])
        #expect(analysis.assignments.filter(\.isExported).map(\.name) == ["B", "C", "D"])
        #expect(analysis.commands.compactMap(\.name?.text).contains("run-me"))
        #expect(!analysis.commands.compactMap(\.name?.text).contains("one"))
    }

    @Test func hereDocumentsExpandUnlessQuoted() {
        let analysis = analyze("cat <<EOF\nuser=$USER_NAME\nEOF\ncat <<'RAW'\n$NOT_EXPANDED\nRAW\necho done\n")
        #expect(analysis.references.map(\.name) == ["USER_NAME"])
        #expect(analysis.references[0].isInHeredoc)
        #expect(analysis.commands.compactMap(\.name?.text) == ["cat", "cat", "echo"])
    }

    @Test func redirectionsAreNotArguments() {
        let analysis = analyze("dd if=a.img of=b.img 2>/dev/null > /tmp/log\n")
        #expect(analysis.commands[0].words.map(\.text) == ["dd", "if=a.img", "of=b.img"])
        #expect(analysis.commands[0].outputTargets.map(\.text) == ["/dev/null", "/tmp/log"])
    }

    @Test func functionsAndCasePatternsAreNotPrograms() {
        let analysis = analyze("backup() { tar czf x.tgz /etc; }\ncase \"$1\" in\n  start) backup ;;\nesac\n")
        #expect(analysis.functions == ["backup"])
        #expect(!analysis.commands.compactMap(\.name?.text).contains("start"))
    }

    @Test func promQLIsASyntaxError() {
        #expect(analyze("sum(rate(x[5m])) without (a)\n").hasSyntaxError)
        #expect(!analyze("(cd /tmp && ls)\n").hasSyntaxError)
    }

    @Test func commentsAreSkipped() {
        let analysis = analyze("# zfs destroy tank\necho $A # $B\n")
        #expect(analysis.commands.compactMap(\.name?.text) == ["echo"])
        #expect(analysis.references.map(\.name) == ["A"])
    }

    @Test func setXIsNoticed() {
        #expect(analyze("set -euxo pipefail\n").enablesXtrace)
        #expect(!analyze("set -eu\n").enablesXtrace)
    }
}
