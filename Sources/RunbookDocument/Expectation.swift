/// What a mismatch between a step's output and its expected output does to the step.
///
/// Validation checks always fail on a mismatch: a check that cannot fail proves nothing.
/// Other steps take the block's `expect=` attribute, else the front matter's `expect:`, else
/// `deviation`.
public enum Expectation: String, Hashable, Sendable, Codable, CaseIterable {
    /// The mismatch is recorded as a deviation with its diff; the step still succeeds.
    case deviation
    /// The mismatch fails the step, as a non-zero exit status would.
    case strict
}
