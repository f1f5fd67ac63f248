import Foundation

/// Writes, validates and lists the systemd units of scheduled runs (`runbook schedule`).
public struct Scheduler: Sendable {
    /// Where the units go: `$XDG_CONFIG_HOME/systemd/user` (else `~/.config/systemd/user`), or
    /// `/etc/systemd/system` for system units.
    public var unitDirectory: String
    public var environment: [String: String]

    public init(system: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
        if system {
            unitDirectory = "/etc/systemd/system"
        } else if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            unitDirectory = config + "/systemd/user"
        } else {
            unitDirectory = (environment["HOME"] ?? NSHomeDirectory()) + "/.config/systemd/user"
        }
    }

    /// True when the host has systemd's tools; otherwise a cron line is the way.
    public var hasSystemd: Bool { Scheduler.onPath("systemctl", environment: environment) != nil }

    /// Asks `systemd-analyze calendar` whether systemd reads `spec` as meant, when it is
    /// installed; `false` when it is not (nothing was checked).
    public func validate(_ spec: CalendarSpec) throws(ScheduleError) -> Bool {
        guard let analyze = Scheduler.onPath("systemd-analyze", environment: environment) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: analyze)
        process.arguments = ["calendar", spec.onCalendar]
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .rejected(
                expression: spec.onCalendar, reason: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return true
    }

    /// Writes the service and the timer; returns their paths.
    public func install(_ run: ScheduledRun) throws(ScheduleError) -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: unitDirectory, withIntermediateDirectories: true)
        } catch {
            throw .write(path: unitDirectory, reason: error.localizedDescription)
        }
        var written: [String] = []
        for (suffix, text) in [(".service", run.serviceUnit), (".timer", run.timerUnit)] {
            let path = unitDirectory + "/" + run.unitName + suffix
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            } catch {
                throw .write(path: path, reason: error.localizedDescription)
            }
            written.append(path)
        }
        return written
    }

    /// The scheduled runs installed in the unit directory, by unit name.
    public func installed() -> [InstalledSchedule] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: unitDirectory)) ?? []
        return names.filter { $0.hasPrefix("runbook-") && $0.hasSuffix(".service") }.sorted().compactMap { name in
            guard let text = try? String(contentsOfFile: unitDirectory + "/" + name, encoding: .utf8),
                let first = text.split(separator: "\n", maxSplits: 1).first, first.hasPrefix(ScheduledRun.marker)
            else { return nil }
            let unit = String(name.dropLast(".service".count))
            let timer = unitDirectory + "/" + unit + ".timer"
            let onCalendar = (try? String(contentsOfFile: timer, encoding: .utf8))?
                .split(separator: "\n").first { $0.hasPrefix("OnCalendar=") }.map {
                    String($0.dropFirst("OnCalendar=".count))
                }
            return InstalledSchedule(
                unitName: unit, marker: String(first.dropFirst(ScheduledRun.marker.count)), onCalendar: onCalendar)
        }
    }

    static func onPath(_ command: String, environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(command)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
