// The waits, errors, processes and tmux sessions the tests share with the benchmarks live in
// TestHarness; every test target that imports TestSupport sees them too.
@_exported import TestHarness
