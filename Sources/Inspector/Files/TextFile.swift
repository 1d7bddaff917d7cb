import SystemPackage

/// Reading a text file (a script, a help text), or standard input for `-`. Invalid UTF-8 is
/// refused rather than guessed at.
public enum TextFile {
    /// The largest file accepted: scripts and help texts are hand-written, so more is a mistake.
    public static let limit = 16 << 20

    public static func read(_ path: String) throws(FileError) -> String {
        let fd: FileDescriptor
        if path == "-" {
            fd = .standardInput
        } else {
            do {
                fd = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
            } catch let errno as Errno {
                throw FileError(path: path, errno: errno, call: "open")
            } catch {
                throw FileError(path: path, errno: .ioError, call: "open")
            }
        }
        defer { if path != "-" { try? fd.close() } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n: Int
            do {
                n = try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }
            } catch let errno as Errno {
                throw FileError(path: path, errno: errno, call: "read")
            } catch {
                throw FileError(path: path, errno: .ioError, call: "read")
            }
            if n == 0 { break }
            bytes += chunk[..<n]
            if bytes.count > limit { throw FileError(path: path, errno: .fileTooLarge, call: "read") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            // Said with its place, as every other mistake in a script is.
            throw FileError(path: path, errno: .illegalByteSequence, call: "read (\(firstInvalidPlace(bytes)) is not UTF-8)")
        }
        return text
    }

    /// Where the first byte that is not UTF-8 is: `line 3, column 7`, columns counted in bytes
    /// from 1, lines as a script runner counts them (after a LF, a CR or a CR LF).
    static func firstInvalidPlace(_ bytes: [UInt8]) -> String {
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var lastWasCR = false
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" && lastWasCR {
                    lastWasCR = false
                } else if scalar == "\n" || scalar == "\r" {
                    line += 1
                    column = 1
                    lastWasCR = scalar == "\r"
                } else {
                    column += UTF8.width(scalar)
                    lastWasCR = false
                }
            case .emptyInput:
                return "the file"
            case .error:
                return "line \(line), column \(column)"
            }
        }
    }
}
