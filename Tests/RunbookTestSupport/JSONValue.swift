import Foundation

/// A JSON document as a value whose equality keeps JSON's types apart: `true` is not `1`,
/// `1` is not `"1"`, `null` is not a missing key. Goldens compare through it, since
/// `NSDictionary` equality bridges booleans and numbers into one `NSNumber`.
public enum JSONValue: Equatable, Sendable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `data` as one JSON document.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: data)
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// The first place where `self` and `other` differ, as a path such as `steps[2].id`, or nil.
    public func firstDifference(from other: JSONValue, at path: String = "$") -> String? {
        switch (self, other) {
        case (.array(let left), .array(let right)):
            if left.count != right.count { return "\(path): \(left.count) elements, expected \(right.count)" }
            for (index, (l, r)) in zip(left, right).enumerated() {
                if let difference = l.firstDifference(from: r, at: "\(path)[\(index)]") { return difference }
            }
            return nil
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted() {
                guard let l = left[key] else { return "\(path).\(key): missing" }
                guard let r = right[key] else { return "\(path).\(key): not expected" }
                if let difference = l.firstDifference(from: r, at: "\(path).\(key)") { return difference }
            }
            return nil
        default:
            return self == other ? nil : "\(path): \(self), expected \(other)"
        }
    }
}
