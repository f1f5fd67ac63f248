import Foundation
import RunbookKit

/// What `run` and `resume` share.
enum RunSetup {
    /// - Throws: `RunbookConfigurationError` when the configuration file (its `notify:` list)
    ///   is malformed.
    static func engineOptions(_ driver: DriverOptions, startStep: String?) throws -> EngineOptions {
        var options = EngineOptions(
            mode: driver.mode, toolVersion: RunbookVersion.current, outputHeadBytes: driver.outputHead,
            outputTailBytes: driver.outputTail, killGrace: driver.killGrace, signalMonitor: SignalMonitor.shared,
            startStep: startStep, preconfirmed: driver.yes && !driver.isInteractive,
            allowDestructive: driver.allowDestructive && !driver.isInteractive,
            missingCapabilities: driver.missingCapabilities)
        options.onFailure = driver.onFailure
        options.notificationTargets = try RunbookConfiguration.load().notify
        return options
    }

    static func resolve(_ resolver: VariableResolver, driver: (any Driver)? = nil) throws -> ResolvedVariables {
        do {
            return try resolver.resolve { driver?.value(for: $0) }
        } catch {
            // Ctrl-C at a prompt for a value stops the run (exit 3), it is not a missing value.
            if let terminal = driver as? InteractiveDriver, terminal.interruptedAtPrompt {
                throw CommandError.interruptedAtPrompt
            }
            throw error
        }
    }
}
