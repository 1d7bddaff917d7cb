import Glibc

/// A directory entry's name, read in place up to its NUL. readdir's last record in its buffer
/// is shorter than `d_name`'s 256 bytes, so copying the whole field (`withUnsafeBytes(of:)`)
/// would read past the buffer: AddressSanitizer reports it.
public enum DirectoryEntry {
    public static func name(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafePointer(to: &entry.pointee.d_name) { field in
            field.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
    }
}
