import Foundation

/// What the operator must do before a step runs.
public enum Confirmation: Hashable, Sendable, Codable {
    /// Nothing: the step runs when chosen.
    case none
    /// A y/N question whose default is No.
    case yesNo
    /// The operator must type this exact phrase.
    case phrase(String)
    /// The operator must type the value of this variable (written `confirm="$POOL"`).
    case variable(String)

    /// Reads the value of a `confirm` attribute or key: `true`/`yes` asks y/N, `false`/`no`
    /// asks nothing, `$NAME` or `${NAME}` asks for a variable's value, anything else is a phrase.
    public init(attributeValue raw: String) {
        let value = raw.trimmingWhitespace()
        switch value.lowercased() {
        case "", "true", "yes", "y", "1", "on":
            self = .yesNo
        case "false", "no", "n", "0", "off":
            self = .none
        default:
            if let name = Confirmation.variableName(in: value) {
                self = .variable(name)
            } else {
                self = .phrase(value)
            }
        }
    }

    /// True when the operator must answer something.
    public var isRequired: Bool { self != .none }

    private static func variableName(in value: String) -> String? {
        var body = Substring(value)
        guard body.hasPrefix("$") else { return nil }
        body = body.dropFirst()
        if body.hasPrefix("{") && body.hasSuffix("}") { body = body.dropFirst().dropLast() }
        guard let first = body.first, first == "_" || first.isLetter,
            body.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
        else { return nil }
        return String(body)
    }

    private enum CodingKeys: String, CodingKey { case kind, value }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try container.encode("none", forKey: .kind)
        case .yesNo: try container.encode("yes-no", forKey: .kind)
        case .phrase(let phrase):
            try container.encode("phrase", forKey: .kind)
            try container.encode(phrase, forKey: .value)
        case .variable(let name):
            try container.encode("variable", forKey: .kind)
            try container.encode(name, forKey: .value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "yes-no": self = .yesNo
        case "phrase": self = .phrase(try container.decode(String.self, forKey: .value))
        case "variable": self = .variable(try container.decode(String.self, forKey: .value))
        default: self = .none
        }
    }
}
