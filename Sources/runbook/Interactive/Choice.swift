/// One answer offered at a prompt: the key that picks it and how the legend names it.
struct Choice<Value> {
    var key: Character
    var label: String
    var value: Value
    /// What `?` explains about it.
    var help: String
}
