import Glibc

/// Typed getsockopt/setsockopt on one descriptor, each call through `syscall` so it names the
/// option that failed.
enum SocketOption {
    static func set<T: BitwiseCopyable>(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: T, _ label: @autoclosure () -> String) throws(SocketError) {
        _ = try syscall("setsockopt(\(label()))") {
            withUnsafeBytes(of: value) { setsockopt(fd, level, name, $0.baseAddress, socklen_t($0.count)) }
        }
    }

    /// Reads an option into zero-filled storage, so a kernel that writes fewer bytes leaves
    /// the rest as zero rather than garbage.
    static func get<T: BitwiseCopyable>(_ fd: Int32, _ level: Int32, _ name: Int32, as _: T.Type, zero: T, _ label: @autoclosure () -> String) throws(SocketError) -> T {
        var v = zero
        var len = socklen_t(MemoryLayout<T>.size)
        _ = try syscall("getsockopt(\(label()))") {
            withUnsafeMutableBytes(of: &v) { getsockopt(fd, level, name, $0.baseAddress, &len) }
        }
        return v
    }

    static func setInt(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32, _ label: @autoclosure () -> String) throws(SocketError) {
        try set(fd, level, name, value, label())
    }

    static func getInt(_ fd: Int32, _ level: Int32, _ name: Int32, _ label: @autoclosure () -> String) throws(SocketError) -> Int32 {
        try get(fd, level, name, as: Int32.self, zero: 0, label())
    }

    static func setBool(_ fd: Int32, _ level: Int32, _ name: Int32, _ on: Bool, _ label: @autoclosure () -> String) throws(SocketError) {
        try setInt(fd, level, name, on ? 1 : 0, label())
    }

    static func getBool(_ fd: Int32, _ level: Int32, _ name: Int32, _ label: @autoclosure () -> String) throws(SocketError) -> Bool {
        try getInt(fd, level, name, label()) != 0
    }
}
