/// `runbook test --tap`: Test Anything Protocol version 13, a test point per runbook, with a
/// YAML block saying what failed.
public enum TAPReport {
    public static func render(_ results: [RunbookTestResult]) -> String {
        var lines = ["TAP version 13", "1..\(results.count)"]
        for (index, result) in results.enumerated() {
            let name = "\(oneLine(result.id)) (\(oneLine(result.path)))"
            switch result.verdict {
            case .passed:
                lines.append("ok \(index + 1) - \(name)")
            case .skipped(let reason):
                lines.append("ok \(index + 1) - \(name) # SKIP \(oneLine(reason))")
            case .failed(let message, let detail):
                lines.append("not ok \(index + 1) - \(name)")
                lines.append("  ---")
                lines.append("  message: \(quoted(message))")
                if !detail.isEmpty {
                    lines.append("  detail: |")
                    lines += detail.split(separator: "\n", omittingEmptySubsequences: false).map {
                        "    " + oneLine(String($0))
                    }
                }
                lines.append("  ...")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// TAP is line-based: a newline or `#` in a description would start a new line or a
    /// directive.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 == "#" ? "＃" : $0 })
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
