// Child processes, tmux sessions, text files, stderr and the monotonic clock come from
// TestHarness, shared with the end-to-end tests; every file of the driver sees them.
@_exported import TestHarness

/// The harness's scratch-file helper, not Inspector's script reader of the same name.
typealias TextFile = TestHarness.TextFile
