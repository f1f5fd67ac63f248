import Foundation
import RunbookDocument
import Testing

@testable import RunbookExecution

/// Reading `ansible-inventory --list` JSON, and each way the tool can fail said as one sentence
/// naming the inventory. The tool's failures are played by small scripts on `PATH`; the real
/// tool reads real inventories in `InventoryCommandTests`.
@Suite struct AnsibleInventoryTests {
    /// What ansible-inventory 2.14 prints for an INI inventory with nested groups.
    static let listed = """
        {
            "_meta": {
                "hostvars": {
                    "beta": {"ansible_host": "nowhere.invalid"},
                    "node1": {"ansible_host": "alpha", "ansible_port": 2222, "ansible_user": "root"},
                    "vault": {"ansible_host": "fd00::5", "ansible_port": 22},
                    "plain": {"http_port": 80}
                }
            },
            "all": {"children": ["ungrouped", "site"]},
            "backup": {"hosts": ["vault"]},
            "site": {"children": ["storage", "backup"]},
            "storage": {"hosts": ["node1", "beta"]},
            "ungrouped": {"hosts": ["plain"]}
        }
        """

    @Test func groupsChildrenAndDestinations() throws {
        let inventory = try AnsibleInventory.parse(Array(Self.listed.utf8), path: "hosts.ini")
        #expect(inventory.groups["storage"] == ["node1", "beta"])
        #expect(inventory.groups["site"] == ["@storage", "@backup"])
        #expect(inventory.names(in: "@site") == ["node1", "beta", "vault"])
        #expect(inventory.names(in: "@all") == ["plain", "node1", "beta", "vault"])
        #expect(inventory.destinations["node1"] == "ssh://root@alpha:2222")
        #expect(inventory.destinations["beta"] == "nowhere.invalid")
        #expect(inventory.destinations["vault"] == "ssh://[fd00::5]:22")
        #expect(inventory.destinations["plain"] == nil, "no ssh variables: the name goes to ssh as it is")
    }

    @Test func theFrontMatterWins() throws {
        let inventory = try AnsibleInventory.parse(Array(Self.listed.utf8), path: "hosts.ini")
        let merged = inventory.overridden(
            by: HostInventory(destinations: ["beta": "root@10.0.0.2"], groups: ["storage": ["beta"]]))
        #expect(merged.destinations["beta"] == "root@10.0.0.2")
        #expect(merged.destinations["node1"] == "ssh://root@alpha:2222")
        #expect(merged.groups["storage"] == ["beta"])
        #expect(merged.unknownGroups(in: "a, @storage,@nope") == ["nope"])
    }

    @Test func unreadableJSONNamesTheFile() {
        #expect(throws: InventoryError(path: "hosts.ini", problem: .unreadableJSON)) {
            try AnsibleInventory.parse(Array("[WARNING]: oops\n{".utf8), path: "hosts.ini")
        }
        #expect(
            InventoryError(path: "hosts.ini", problem: .unreadableJSON).description
                == "cannot read the inventory hosts.ini: ansible-inventory --list did not print the JSON it should.")
    }

    /// A directory with an inventory file and, when `tool` is given, an `ansible-inventory` script.
    static func scene(tool: String?) throws -> (directory: String, inventory: String) {
        let directory = NSTemporaryDirectory() + "runbook-inventory-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "[storage]\nnode1\n".write(toFile: directory + "/hosts.ini", atomically: true, encoding: .utf8)
        if let tool {
            try ("#!/bin/sh\n" + tool).write(
                toFile: directory + "/ansible-inventory", atomically: true, encoding: .utf8)
            chmod(directory + "/ansible-inventory", 0o755)
        }
        return (directory, directory + "/hosts.ini")
    }

    @Test func theToolMissingIsOneSentence() throws {
        let (directory, inventory) = try Self.scene(tool: nil)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: InventoryError.self) {
            try AnsibleInventory.load(inventory, environment: ["PATH": directory])
        }
        #expect(error?.problem == .toolMissing)
        #expect(
            error?.description.hasPrefix("cannot read the inventory \(inventory): ansible-inventory is not installed")
                == true)
    }

    @Test func aFailingToolSaysHowAndItsLastWords() throws {
        let (directory, inventory) = try Self.scene(
            tool: "echo '[WARNING]: first' >&2\necho 'ERROR! \\033[31mbad\\033[0m' >&2\nexit 3\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = #expect(throws: InventoryError.self) {
            try AnsibleInventory.load(inventory, environment: ["PATH": directory + ":/usr/bin:/bin"])
        }
        let text = error?.description ?? ""
        #expect(
            text.hasPrefix(
                "cannot read the inventory \(inventory): ansible-inventory ended with exit status 3: ERROR!"), "\(text)"
        )
        #expect(!text.contains("\u{1B}"), "a raw escape from the tool reached the message: \(text)")
    }

    @Test func garbageOnStdoutIsUnreadableJSON() throws {
        let (directory, inventory) = try Self.scene(tool: "echo 'not json'\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: InventoryError(path: inventory, problem: .unreadableJSON)) {
            try AnsibleInventory.load(inventory, environment: ["PATH": directory + ":/usr/bin:/bin"])
        }
    }

    @Test func aMissingFileIsSaidBeforeAnsibleReadsItAsEmpty() throws {
        #expect(throws: InventoryError(path: "/nonexistent/hosts.ini", problem: .noSuchFile)) {
            try AnsibleInventory.load("/nonexistent/hosts.ini", environment: [:])
        }
    }

    @Test func theToolGetsTheInventoryAndFailsOnWhatItCannotParse() throws {
        let (directory, inventory) = try Self.scene(
            tool:
                "printf '%s|%s|%s|%s' \"$1\" \"$2\" \"$3\" \"$ANSIBLE_INVENTORY_UNPARSED_FAILED\" > \"$(dirname \"$0\")/args\"\necho '{\"_meta\": {\"hostvars\": {}}, \"web\": {\"hosts\": [\"w1\"]}}'\n"
        )
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loaded = try AnsibleInventory.load(inventory, environment: ["PATH": directory + ":/usr/bin:/bin"])
        #expect(loaded.groups["web"] == ["w1"])
        let arguments = try String(contentsOfFile: directory + "/args", encoding: .utf8)
        #expect(arguments == "-i|\(inventory)|--list|true")
    }
}
