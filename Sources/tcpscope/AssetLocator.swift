import Glibc
import Inspector
import Screen

/// Finds tcpscope's Assets folder (help texts, scripts): where `TCPSCOPE_ASSETS` points, the
/// installed `share/tcpscope` beside the binary's `bin`, or the source tree the binary was
/// built in.
struct AssetLocator {
    var folder: String?
    var tried: [String]

    static func find() -> AssetLocator {
        var candidates: [String] = []
        if let env = getenv("TCPSCOPE_ASSETS") { candidates.append(String(cString: env)) }
        if let exe = executableFolder() {
            candidates.append(exe + "/../share/tcpscope")
            // .build/<triple>/debug/tcpscope in a checkout: walk up to the package root.
            var dir = exe
            for _ in 0..<5 {
                candidates.append(dir + "/Assets")
                dir += "/.."
            }
        }
        for path in candidates where access(path + "/help/options.txt", R_OK) == 0 {
            return AssetLocator(folder: path, tried: candidates)
        }
        return AssetLocator(folder: nil, tried: candidates)
    }

    static func executableFolder() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    func helpLibrary() -> HelpLibrary {
        guard let folder else {
            return HelpLibrary(introduction: ["The help texts were not found (set TCPSCOPE_ASSETS to tcpscope's Assets folder)."])
        }
        let intro = (try? TextFile.read(folder + "/help/introduction.txt"))?
            .split(separator: "\n").map(String.init) ?? []
        let options = (try? TextFile.read(folder + "/help/options.txt")).map(HelpLibrary.parseOptions) ?? [:]
        return HelpLibrary(introduction: intro, options: options)
    }
}
