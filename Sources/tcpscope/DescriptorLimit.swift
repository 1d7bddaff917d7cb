import Glibc

/// Every stream and listener is a descriptor, so tcpscope raises its soft limit to the hard
/// limit at start, and says so when even that is low.
struct DescriptorLimit {
    var soft: UInt64
    var hard: UInt64

    /// Streams below which the limit is worth a warning.
    static let comfortable: UInt64 = 10_000

    static func raise() -> DescriptorLimit {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return DescriptorLimit(soft: 0, hard: 0) }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return DescriptorLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    var warning: String? {
        guard soft > 0, soft < DescriptorLimit.comfortable else { return nil }
        return "Descriptor limit \(soft) (hard \(hard)): at most about \(soft - 16) streams."
    }
}
