import Foundation

/// Expands `~`, `$NAME` and `${NAME}` in a `cwd` the way a shell would, without a shell: the
/// path is never evaluated, so a variable cannot inject a command through it.
public enum PathExpansion {
    /// `path` expanded in `environment` (a name it lacks expands to nothing, as in a shell),
    /// made absolute against `base` and standardized.
    public static func expand(_ path: String, environment: [String: String], relativeTo base: String) -> String {
        var result = ""
        var characters = Substring(path)
        if characters == "~" || characters.hasPrefix("~/") {
            result = environment["HOME"] ?? NSHomeDirectory()
            characters = characters.dropFirst()
        }
        while let character = characters.first {
            characters = characters.dropFirst()
            guard character == "$" else { result.append(character); continue }
            let name = readName(&characters)
            if name.isEmpty { result.append("$") } else { result += environment[name] ?? "" }
        }
        let absolute = result.hasPrefix("/") ? result : (base as NSString).appendingPathComponent(result)
        return (absolute as NSString).standardizingPath
    }

    /// The variable names `path` refers to as `$NAME` or `${NAME}`.
    public static func references(in path: String) -> [String] {
        var names: [String] = []
        var characters = Substring(path)
        while let character = characters.first {
            characters = characters.dropFirst()
            guard character == "$" else { continue }
            let name = readName(&characters)
            if !name.isEmpty { names.append(name) }
        }
        return names
    }

    /// The variable name after a `$` (`NAME` or `{NAME}`), consumed from `characters`; empty
    /// when none follows.
    private static func readName(_ characters: inout Substring) -> String {
        var name = ""
        if characters.first == "{" {
            characters = characters.dropFirst()
            while let next = characters.first, next != "}" {
                name.append(next)
                characters = characters.dropFirst()
            }
            characters = characters.dropFirst()
        } else {
            while let next = characters.first, next == "_" || next.isLetter || next.isNumber {
                name.append(next)
                characters = characters.dropFirst()
            }
        }
        return name
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
