import Foundation

/// Finds the external tools some tests drive, so a test knows (and can say) why it skips.
public enum InstalledTools {
    /// The first executable named `names` on `PATH`, in that order.
    public static func onPath(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// A browser that can render headless: Debian's `chromium`, Ubuntu's `chromium-browser`,
    /// or Google's `google-chrome`.
    public static let chromium: String? = onPath(["chromium", "chromium-browser", "google-chrome"])

    /// A Python 3 that can `import module`. Debian's own interpreter comes first: CI installs
    /// Debian's packages (`python3-jsonschema`, `python3-junitparser`), which a pyenv
    /// interpreter earlier on `PATH` cannot import.
    public static func python(importing module: String) -> String? {
        let candidates = ["/usr/bin/python3"] + [onPath(["python3"])].compactMap { $0 }
        return candidates.first { python in
            FileManager.default.isExecutableFile(atPath: python)
                && (try? ProgramRun.run(python, ["-c", "import \(module)"], timeout: 60))?.status == 0
        }
    }

    /// A Python 3 that can `import jsonschema`.
    public static let pythonWithJSONSchema: String? = python(importing: "jsonschema")

    /// Why a test that needs `tool` cannot run, with how to install it.
    public static func missing(_ tool: String, install: String) -> String {
        "\(tool) is not installed (\(install)); .ci/run installs it"
    }
}
