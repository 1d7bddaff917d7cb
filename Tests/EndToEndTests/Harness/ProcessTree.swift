import TestSupport
import Foundation

/// Finds processes by ancestry, to signal the program a pane's shell started.
enum ProcessTree {
    /// The descendants of `ancestor` (children, grandchildren, ...) whose command name, as in
    /// /proc/PID/comm, is `name`. A pane's command sits under one or two shells, depending on how
    /// each shell runs its last command.
    static func descendants(of ancestor: pid_t, named name: String) -> [pid_t] {
        let table = processTable()
        var found: [pid_t] = []
        var frontier: Set<pid_t> = [ancestor]
        // Bounded by depth; a process tree here is a handful of levels deep.
        for _ in 0..<8 where !frontier.isEmpty {
            let children = table.filter { frontier.contains($0.parent) }
            found += children.filter { $0.name == name }.map(\.pid)
            frontier = Set(children.map(\.pid))
        }
        return found
    }

    private struct Entry {
        var pid: pid_t
        var parent: pid_t
        var name: String
    }

    private static func processTable() -> [Entry] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Entry? in
            guard let pid = pid_t(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
            else { return nil }
            // stat is "pid (comm) state ppid ...", and comm may itself contain spaces or ")".
            guard let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")") else { return nil }
            let name = String(stat[stat.index(after: open)..<close])
            let rest = stat[stat.index(after: close)...].split(separator: " ")
            guard rest.count > 1, let parent = pid_t(rest[1]) else { return nil }
            return Entry(pid: pid, parent: parent, name: name)
        }
    }
}
