/// Whose defaults a document's steps run with.
///
/// runbook's own runbooks keep the stricter defaults; a Runme user's README runs the way
/// `runme run` runs it. docs/format.md ("Runme documents") says which documents are which.
public enum Semantics: String, Hashable, Sendable, Codable, CaseIterable {
    /// `set -euo pipefail`, a pseudo-terminal only with `interactive=true`, steps start where
    /// runbook was started, only `bash`/`sh`/`shell`/`zsh`/`console` fences run.
    case runbook
    /// Runme's: `set -e -o pipefail` (an unset variable is empty), a pseudo-terminal unless
    /// `interactive=false`, steps start in the document's directory with its `.env` loaded,
    /// and language-less and `shellscript` fences are shell steps too.
    case runme
}
