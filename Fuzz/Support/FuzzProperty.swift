// Shared by every harness (scripts/fuzz compiles it into each one's module): how a harness
// reports a broken property.
import Glibc

/// A broken property is a bug: say what broke, then trap so libFuzzer saves the input. A
/// condition that throws is a broken property too.
func fuzzRequire(_ condition: @autoclosure () throws -> Bool, _ message: @autoclosure () -> String) {
    let holds: Bool
    do { holds = try condition() } catch { fuzzFail("\(message()) (threw \(error))") }
    if !holds { fuzzFail(message()) }
}

func fuzzFail(_ message: String) -> Never {
    // write(2) rather than stderr, a C global that Swift 6 will not touch.
    var text = "fuzz property failed: \(message)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    abort()
}
