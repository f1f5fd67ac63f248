import Foundation
import RunbookKit

/// The table `runbook lint --list-rules` prints.
enum RuleList {
    static func render(_ rules: [RuleDescription]) -> String {
        let aliasWidth = rules.map(\.alias.count).max() ?? 0
        var output = ""
        for rule in rules {
            let alias = rule.alias.padding(toLength: aliasWidth, withPad: " ", startingAt: 0)
            let severity = rule.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            output += "\(rule.id)  \(alias)  \(severity)  \(rule.summary) [\(rule.tags.joined(separator: ", "))]\n"
        }
        return output
    }
}
