import Foundation

/// `runbook test --junit FILE`: the JUnit XML GitLab and Jenkins read. A test suite per
/// runbook, a test case per step; a runbook that never started is one test case of its own.
public enum JUnitReport {
    public static func render(_ results: [RunbookTestResult], timestamp: Date = Date()) -> String {
        let totals = cases(results)
        let time = results.reduce(0) { $0 + $1.durationSeconds }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites name=\"runbook test\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"0\" "
            + "skipped=\"\(totals.skipped)\" time=\"\(seconds(time))\">\n"
        let stamp = ISO8601DateFormatter().string(from: timestamp)
        for result in results {
            let suite = cases([result])
            xml +=
                "  <testsuite name=\"\(escape(result.id))\" tests=\"\(suite.tests)\" failures=\"\(suite.failures)\" errors=\"0\" "
                + "skipped=\"\(suite.skipped)\" time=\"\(seconds(result.durationSeconds))\" timestamp=\"\(stamp)\" "
                + "file=\"\(escape(result.path))\">\n"
            xml += "    <properties>\n"
            xml += "      <property name=\"path\" value=\"\(escape(result.path))\"/>\n"
            xml += "      <property name=\"title\" value=\"\(escape(result.title))\"/>\n"
            if let run = result.runID { xml += "      <property name=\"run\" value=\"\(escape(run))\"/>\n" }
            xml += "    </properties>\n"
            if result.steps.isEmpty {
                xml += testCase(
                    classname: result.id, name: "runbook", file: result.path, time: result.durationSeconds,
                    verdict: result.verdict)
            } else {
                for step in result.steps {
                    xml += testCase(
                        classname: "\(result.id).\(step.phase.rawValue)", name: "\(step.id): \(step.title)",
                        file: result.path,
                        time: step.durationSeconds, verdict: step.verdict)
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private static func testCase(classname: String, name: String, file: String, time: Double, verdict: TestVerdict)
        -> String
    {
        let open =
            "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(name))\" file=\"\(escape(file))\" time=\"\(seconds(time))\""
        switch verdict {
        case .passed:
            return open + "/>\n"
        case .skipped(let reason):
            return open + ">\n      <skipped message=\"\(escape(reason))\"/>\n    </testcase>\n"
        case .failed(let message, let detail):
            return open
                + ">\n      <failure message=\"\(escape(message))\" type=\"runbook\">\(escape(detail))</failure>\n    </testcase>\n"
        }
    }

    private static func cases(_ results: [RunbookTestResult]) -> (tests: Int, failures: Int, skipped: Int) {
        var counts = (tests: 0, failures: 0, skipped: 0)
        for result in results {
            let verdicts = result.steps.isEmpty ? [result.verdict] : result.steps.map(\.verdict)
            counts.tests += verdicts.count
            counts.failures += verdicts.filter(\.isFailure).count
            counts.skipped += verdicts.filter(\.isSkipped).count
        }
        return counts
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// Text as XML 1.0 allows it: markup characters escaped, and control characters XML cannot
    /// carry at all (a terminal escape in a step's output) written out as `\x1B`.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result += String(format: "\\x%02X", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
