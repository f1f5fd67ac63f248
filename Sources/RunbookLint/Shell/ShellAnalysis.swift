/// What a step's shell text does, as far as lint needs to know: the simple commands it runs,
/// the variables it reads and the variables it sets.
///
/// Offsets are byte offsets into the `ScriptView` text the analysis was made from; the view
/// turns them back into file locations.
public struct ShellAnalysis: Sendable {
    /// One word of a command with quotes removed; expansions such as `$POOL` are kept verbatim.
    public struct Word: Hashable, Sendable {
        public var text: String
        public var offset: Int
        /// True when part of the word was quoted (`"$X"`, `'a b'`).
        public var isQuoted: Bool
        /// True when the word holds a `$` expansion or a command substitution.
        public var hasExpansion: Bool
    }

    /// A simple command: `sudo zfs destroy -r tank@snap > log`.
    public struct Command: Hashable, Sendable {
        /// Every word after the leading `NAME=value` assignments, wrappers included.
        public var words: [Word]
        /// Index in `words` of the program that actually runs (`zfs` above), after wrappers such
        /// as `sudo`, `env`, `time` or `xargs`; nil when the command only assigns variables.
        public var nameIndex: Int?
        /// Targets of output redirections (`> file`, `>> file`, `&> file`).
        public var outputTargets: [Word]
        /// What follows the command: whether its output feeds the next one or it runs in the background.
        public var ending: Ending = .sequence

        /// How a command is separated from the next.
        public enum Ending: Hashable, Sendable {
            /// A newline, `;`, `&&` or `||`: the shell waits for it.
            case sequence
            /// `|`: its output is the next command's input.
            case pipe
            /// `&`: the shell does not wait for it.
            case background
        }

        public var name: Word? { nameIndex.map { words[$0] } }
        /// The words from the program name on: `["zfs", "destroy", "-r", "tank@snap"]`.
        public var invocation: ArraySlice<Word> { nameIndex.map { words[$0...] } ?? [] }
    }

    /// `$NAME` or `${NAME…}`.
    public struct Reference: Hashable, Sendable {
        public var name: String
        /// Offset of the `$`.
        public var offset: Int
        /// `${NAME:-x}`, `${NAME-x}`, `${NAME:=x}`, `${NAME:+x}`: fine when the variable is unset.
        public var hasFallback: Bool
        /// Index into `commands` of the command the reference belongs to, if any.
        public var commandIndex: Int?
        /// True inside an unquoted here-document, whose text the command reads (and `cat` prints).
        public var isInHeredoc: Bool
    }

    /// `NAME=value`, `export NAME=value`, `read NAME`, `for NAME in …`.
    public struct Assignment: Hashable, Sendable {
        public var name: String
        public var offset: Int
        public var value: Word?
        /// True when the variable reaches later steps (`export`, `declare -x`).
        public var isExported: Bool
    }

    public var commands: [Command] = []
    public var references: [Reference] = []
    public var assignments: [Assignment] = []
    /// Shell functions the text defines, which are not external tools.
    public var functions: Set<String> = []
    /// True when the text has something no shell accepts, such as `word (`: usually PromQL or
    /// pasted output in a block labelled as shell. Rules that guess at commands skip such text.
    public var hasSyntaxError = false
    /// True when the text turns on `set -x` (xtrace prints every expanded command).
    public var enablesXtrace = false

    public init() {}
}
