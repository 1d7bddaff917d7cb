import Glibc

/// Standard error, unbuffered: messages printed before the screen opens or after it closes.
enum StandardError {
    static func write(_ text: String) {
        var text = text
        // write(2) on descriptor 2: Swift 6 will not touch C's `stderr` global.
        text.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = Glibc.write(2, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }
}
