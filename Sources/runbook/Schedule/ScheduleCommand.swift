import ArgumentParser
import Foundation
import RunbookKit

/// `runbook schedule`: unattended runs on the system's own scheduler.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run a runbook unattended on a schedule: a systemd timer and service (or a cron line).",
        discussion: """
            Writes `runbook-ID.service` and `runbook-ID.timer` running `runbook run --auto` \
            with the same records database, as user units in $XDG_CONFIG_HOME/systemd/user \
            (--system: /etc/systemd/system). Nothing is enabled for you: the command to do it \
            is printed. Without systemd (no systemctl), the crontab line is printed instead.

            --on takes a time, optionally after weekdays: "03:00", "Sun 03:00", \
            "Mon..Fri 06:30", "Sat,Sun 22:15", or hourly, daily, weekly, monthly. It is checked \
            with `systemd-analyze calendar` when that is installed.

            Steps that need a person pause an unattended run (exit 3); --auto runs them only \
            as `runbook run --auto` would.

            Examples:
              runbook schedule runbooks/homelab/zfs-snapshot-backup.md --on "Sun 03:00"
              runbook schedule backup.md --on daily --print
              runbook schedule --list
            """
    ).runbookSubcommand()

    @Argument(help: "The runbook to schedule.")
    var file: String?

    @Option(help: ArgumentHelp("When to run it, such as \"Sun 03:00\".", valueName: "when"))
    var on: String?

    @Flag(help: "Write system units (/etc/systemd/system) instead of user units.")
    var system = false

    @Flag(name: .customLong("print"), help: "Print the units (or the cron line) without installing anything.")
    var printOnly = false

    @Flag(help: "Print the crontab line instead of writing systemd units.")
    var cron = false

    @Flag(help: "List the scheduled runs installed, with each one's last run from its records.")
    var list = false

    @OptionGroup var recordsOptions: RecordsOptions

    func validate() throws {
        if list {
            if file != nil || on != nil { throw ValidationError("--list takes no runbook and no --on.") }
            return
        }
        guard file != nil, on != nil else {
            throw ValidationError("Name the runbook and when to run it: runbook schedule FILE --on \"Sun 03:00\".")
        }
    }

    func run() throws {
        try RunExit.ending {
            let scheduler = Scheduler(system: system)
            if list { return try listInstalled(scheduler) }
            guard let file, let on else { return RunExit.usage }
            let calendar = try CalendarSpec(on)
            let loaded = try LoadedRunbook(path: file)
            let scheduled = ScheduledRun(
                runbookID: loaded.runbook.id, title: loaded.runbook.title, path: loaded.runbook.path,
                recordsPath: StandardOutput.absolutePath(recordsOptions.resolvedPath),
                executable: ScheduleCommand.executablePath(),
                calendar: calendar)
            if cron || !scheduler.hasSystemd {
                if !cron {
                    StandardError.write(
                        "runbook: no systemd here (no systemctl on PATH); add this line with `crontab -e`:")
                }
                StandardOutput.write(scheduled.cronLine + "\n")
                return .success
            }
            _ = try scheduler.validate(calendar)
            if printOnly {
                StandardOutput.write(
                    "# \(scheduled.unitName).service\n\(scheduled.serviceUnit)\n# \(scheduled.unitName).timer\n\(scheduled.timerUnit)"
                )
                return .success
            }
            let written = try scheduler.install(scheduled)
            let userFlag = system ? "" : " --user"
            StandardOutput.write(
                written.map { "wrote \($0)\n" }.joined()
                    + "\(loaded.runbook.id) runs \(calendar.text) (OnCalendar=\(calendar.onCalendar)). Enable it with:\n"
                    + "  systemctl\(userFlag) daemon-reload && systemctl\(userFlag) enable --now \(scheduled.unitName).timer\n"
            )
            return .success
        }
    }

    private func listInstalled(_ scheduler: Scheduler) throws -> ExitCode {
        let installed = scheduler.installed()
        guard !installed.isEmpty else {
            StandardError.write("runbook: no scheduled runbook in \(scheduler.unitDirectory).")
            return .success
        }
        var text = ""
        for schedule in installed {
            text +=
                "\(schedule.unitName)  \(schedule.on)  (\(schedule.onCalendar.map { "OnCalendar=\($0)" } ?? "timer missing"))\n"
            text += "    \(schedule.path)\n"
            text += "    last run: \(ScheduleCommand.lastRun(of: schedule))\n"
        }
        StandardOutput.write(text)
        return .success
    }

    /// The latest run of the schedule's runbook in its records, read without creating them.
    static func lastRun(of schedule: InstalledSchedule) -> String {
        guard
            RecordStore.isServerLocation(schedule.recordsPath)
                || FileManager.default.fileExists(atPath: schedule.recordsPath),
            let store = try? RecordStore(readingExisting: schedule.recordsPath)
        else { return "none (no records at \(schedule.recordsPath))" }
        guard let runs = try? store.latestRuns(ofRunbooks: [schedule.runbookID]), let run = runs[schedule.runbookID]
        else {
            return "none recorded in \(schedule.recordsPath)"
        }
        return "\(ExportTime.readable(run.startedAt)), \(run.status.rawValue) (run \(run.id.prefix(10)))"
    }

    /// This binary's absolute path: what the service runs.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return StandardOutput.absolutePath(CommandLine.arguments[0])
    }
}
