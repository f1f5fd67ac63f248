import Foundation
import Testing

/// A subcommand's arguments are parsed by that subcommand alone when they parse
/// (`DirectSubcommand`); usage, help and errors must read as they do from the root.
@Suite("Subcommands parsed on their own read as parsed from the root")
struct DirectSubcommandTests {
    @Test("an unknown option names `runbook history` in the usage and in the hint")
    func unknownOption() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["history", "--bogus"], withRecords: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error: Unknown option '--bogus'"), "\(result.stderr)")
        #expect(result.stderr.contains("Usage: runbook history "), "\(result.stderr)")
        #expect(result.stderr.contains("See 'runbook history --help' for more information."), "\(result.stderr)")
    }

    @Test("--help, -h and `help NAME` give the subcommand's help under its full name")
    func help() throws {
        let sandbox = try CLISandbox()
        for arguments in [["log", "--help"], ["log", "-h"], ["help", "log"]] {
            let result = try sandbox.run(arguments, withRecords: false)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.contains("USAGE: runbook log <run>"), "\(arguments): \(result.stdout)")
        }
    }

    @Test("--version after a subcommand prints the version, as from the root")
    func version() throws {
        let sandbox = try CLISandbox()
        let root = try sandbox.run(["--version"], withRecords: false)
        let sub = try sandbox.run(["history", "--version"], withRecords: false)
        #expect(root.status == 0 && sub.status == 0)
        #expect(!root.stdout.isEmpty && sub.stdout == root.stdout)
    }

    @Test("a missing argument is the usage error, not the whole help")
    func missingArgument() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["export"], withRecords: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Error: Missing expected argument '<run>'"), "\(result.stderr)")
        #expect(!result.stderr.contains("OVERVIEW:"), "\(result.stderr)")
    }

    @Test("arguments that parse run the subcommand: its own validation still applies")
    func validation() throws {
        let sandbox = try CLISandbox()
        let result = try sandbox.run(["show", "--json", "--quick", "x.md"], withRecords: false)
        #expect(result.status == 2)
        #expect(result.stderr.contains("Choose one of --json and --quick."), "\(result.stderr)")
        #expect(result.stderr.contains("See 'runbook show --help'"), "\(result.stderr)")
    }
}
