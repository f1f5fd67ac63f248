import Foundation
import RunbookBytes
import RunbookDocument

/// A runbook to run unattended on a schedule: the systemd timer and service that do it, or the
/// cron line where there is no systemd.
public struct ScheduledRun: Hashable, Sendable {
    public var runbookID: String
    public var title: String
    /// Absolute path of the runbook.
    public var path: String
    /// Absolute path of the records database the runs are recorded in.
    public var recordsPath: String
    /// Absolute path of the `runbook` binary the service runs.
    public var executable: String
    public var calendar: CalendarSpec

    public init(
        runbookID: String, title: String, path: String, recordsPath: String, executable: String, calendar: CalendarSpec
    ) {
        self.runbookID = runbookID
        self.title = title
        self.path = path
        self.recordsPath = recordsPath
        self.executable = executable
        self.calendar = calendar
    }

    /// `runbook-<id>`, in the characters systemd allows in a unit name.
    public var unitName: String {
        "runbook-"
            + String(runbookID.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) ? $0 : "-" })
    }

    /// The marker the service carries, so `schedule --list` knows what it runs without parsing
    /// ExecStart.
    static let marker = "# runbook-schedule:"

    /// The command the service runs, as words.
    public var command: [String] {
        [executable, "run", "--auto", "--records", recordsPath, path]
    }

    public var serviceUnit: String {
        """
        \(ScheduledRun.marker) id=\(oneLine(runbookID)) on=\(oneLine(calendar.text)) records=\(oneLine(recordsPath)) file=\(oneLine(path))
        [Unit]
        Description=\(SystemdQuoting.specifiers("runbook: \(oneLine(title))"))
        Documentation=\(SystemdQuoting.specifiers("file://" + ScheduledRun.percentEncoded(path)))

        [Service]
        Type=oneshot
        WorkingDirectory=\(SystemdQuoting.specifiers(PathText.directory(of: path)))
        Environment=\(SystemdQuoting.assignment("RUNBOOK_RECORDS=" + recordsPath))
        ExecStart=\(command.map(SystemdQuoting.argument).joined(separator: " "))

        """
    }

    public var timerUnit: String {
        """
        [Unit]
        Description=\(SystemdQuoting.specifiers("runbook: \(oneLine(title)) (\(oneLine(calendar.text)))"))

        [Timer]
        OnCalendar=\(calendar.onCalendar)
        Persistent=true
        Unit=\(unitName).service

        [Install]
        WantedBy=timers.target

        """
    }

    /// The crontab line for hosts without systemd. cron turns an unescaped `%` into a newline.
    public var cronLine: String {
        let line =
            "cd \(ShellQuoting.single(PathText.directory(of: path))) && "
            + command.map(ShellQuoting.single).joined(separator: " ")
        return calendar.cron + " " + line.replacingOccurrences(of: "%", with: "\\%")
    }

    /// A path as a file URL's path: only unreserved characters and `/` left as they are.
    static func percentEncoded(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80, character.isLetter || character.isNumber || "-._~/".contains(character) {
                result.append(character)
            } else {
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return result
    }

    private func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline || ($0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false) ? " " : $0 })
    }
}

/// Quoting for unit files: `%` starts a specifier, `$` a variable, and `"`/`\` are quoting.
enum SystemdQuoting {
    static func specifiers(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%%")
    }

    /// An `Environment=` assignment, double-quoted; systemd expands no variables there.
    static func assignment(_ text: String) -> String {
        argument(text).replacingOccurrences(of: "$$", with: "$")
    }

    /// One ExecStart word, double-quoted, with specifiers and variables kept literal.
    static func argument(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "%": result += "%%"
            case "$": result += "$$"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result + "\""
    }
}

/// POSIX shell quoting for the cron line.
enum ShellQuoting {
    static func single(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
