import Inspector
import Screen

/// Goal 5: drawing one 200x60 frame onto the Canvas, with 10,000 streams listed and two full
/// hexdumps on screen, in this process (no terminal). The reference, timed alternately with it,
/// is the least any frame costs: a fresh canvas of the same size, filled once.
struct RenderProbe {
    static let figurePrefix = "5 render"
    static let width = 200
    static let height = 60
    let streams: Int
    let iterations: Int
    /// Where to write the frame as text, for a look at what was measured.
    var frameFile: String?
    let progress: (String) -> Void

    func measure() -> Row {
        let figure = "\(RenderProbe.figurePrefix) 200x60, \(streams) streams, full hex (median)"
        let goal = Goal.valueAtMost(2, text: "2 ms")
        let snapshot: Snapshot
        do {
            snapshot = try SyntheticSnapshot.make(streams: streams)
        } catch {
            return .missing(figure, goal: goal, error.description)
        }
        let view = ViewState()
        let help = HelpLibrary()
        let now = ContinuousClock.now
        var checksum = 0
        // One untimed frame: the text a person would see, for the progress log.
        let sample = ScreenRenderer.render(snapshot, view, width: RenderProbe.width, height: RenderProbe.height, help: help, now: now)
        let hexRows = (0..<sample.canvas.height).filter { sample.canvas.line($0).contains("|") && sample.canvas.line($0).contains("  ") }.count
        if let frameFile {
            try? TextFile.write(frameFile, sample.canvas.text + "\n")
        }
        var renders: [Double] = []
        var fills: [Double] = []
        for _ in 0..<max(1, iterations) {
            let a = MonotonicTime.now()
            let frame = ScreenRenderer.render(snapshot, view, width: RenderProbe.width, height: RenderProbe.height, help: help, now: now)
            let b = MonotonicTime.now()
            var canvas = Canvas(width: RenderProbe.width, height: RenderProbe.height)
            canvas.fill(canvas.bounds, with: Cell("x"))
            let c = MonotonicTime.now()
            checksum &+= Int(frame.canvas[RenderProbe.width / 2, RenderProbe.height / 2].scalar.value) &+ canvas.cells.count
            renders.append(b - a)
            fills.append(c - b)
        }
        let sorted = renders.sorted()
        let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        progress("  render: median \(Self.ms(Median.of(renders) ?? 0)), p99 \(Self.ms(p99)), max \(Self.ms(sorted.last ?? 0)); "
                 + "\(hexRows) hexdump rows on screen\(frameFile.map { " (the frame: \($0))" } ?? ""); checksum \(checksum % 10)")
        guard let render = Median.of(renders), let fill = Median.of(fills), fill > 0 else {
            return .missing(figure, goal: goal, "no timings")
        }
        return Row(figure: figure, measured: Self.ms(render), reference: "\(Self.ms(fill)) canvas fill",
                   ratio: render / fill, goal: goal, value: render * 1000)
    }

    /// Milliseconds with three decimals: a frame takes a fraction of one.
    static func ms(_ seconds: Double) -> String { Format.fixed(seconds * 1000, 3) + " ms" }
}
