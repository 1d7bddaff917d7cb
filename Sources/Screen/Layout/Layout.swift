/// Where each pane goes for a terminal size. Two arrangements:
///
/// - narrow (80 to 139 columns): Streams across the top, Data across the middle (a hexdump
///   row needs 78 columns), and below them Options or Kernel (sharing one slot: the one last
///   focused) beside the Log;
/// - wide (140 columns and more): Streams across the top, then Options, Kernel and the Log side
///   by side, then Data across the whole width (both ends of a connection side by side from
///   162 columns).
///
/// The header, the status line and the footer take one row each.
public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var header: Rect
    public var streams: Rect
    public var options: Rect
    public var data: Rect
    public var kernel: Rect
    public var log: Rect
    public var status: Rect
    public var footer: Rect
    /// In the narrow arrangement Options and Kernel share a slot; this is which one shows.
    public var shared: Pane?

    /// nil when the terminal is smaller than 80x24.
    ///
    /// `kernelWidth` is what the Kernel pane's content needs (frame included; 0 when unknown):
    /// it gets that before the Log takes the rest, as far as the Log keeps `minimumLogWidth`.
    public static func compute(width: Int, height: Int, lastDetailPane: Pane, kernelWidth: Int = 0) -> Layout? {
        guard width >= minimumWidth, height >= minimumHeight else { return nil }
        let header = Rect(x: 0, y: 0, width: width, height: 1)
        let status = Rect(x: 0, y: height - 2, width: width, height: 1)
        let footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        let body = Rect(x: 0, y: 1, width: width, height: height - 3)
        return width >= 140
            ? wide(body, header: header, status: status, footer: footer, kernelWidth: kernelWidth)
            : narrow(body, header: header, status: status, footer: footer, showing: lastDetailPane, kernelWidth: kernelWidth)
    }

    /// The Log keeps at least this many columns beside Options or Kernel (enough for a time,
    /// an id and a call), and at least `minimumWideLogWidth` beside both: the Kernel pane
    /// wraps a long line rather than cut a number, so it can give way.
    static let minimumLogWidth = 40
    static let minimumWideLogWidth = 64

    private static func narrow(_ body: Rect, header: Rect, status: Rect, footer: Rect, showing: Pane, kernelWidth: Int) -> Layout {
        let streamsHeight = max(5, body.height / 4)
        let bottomHeight = max(7, body.height * 3 / 10)
        let dataHeight = body.height - streamsHeight - bottomHeight
        let streams = Rect(x: 0, y: body.y, width: body.width, height: streamsHeight)
        let data = Rect(x: 0, y: streams.maxY, width: body.width, height: dataHeight)
        var leftWidth = max(36, body.width * 9 / 20)
        if showing == .kernel { leftWidth = max(leftWidth, min(kernelWidth, body.width - minimumLogWidth)) }
        let detail = Rect(x: 0, y: data.maxY, width: leftWidth, height: bottomHeight)
        let log = Rect(x: leftWidth, y: data.maxY, width: body.width - leftWidth, height: bottomHeight)
        let shared: Pane = showing == .kernel ? .kernel : .options
        let hidden = Rect(x: 0, y: 0, width: 0, height: 0)
        return Layout(header: header, streams: streams,
                      options: shared == .options ? detail : hidden,
                      data: data,
                      kernel: shared == .kernel ? detail : hidden,
                      log: log, status: status, footer: footer, shared: shared)
    }

    private static func wide(_ body: Rect, header: Rect, status: Rect, footer: Rect, kernelWidth needed: Int) -> Layout {
        let streamsHeight = min(16, max(6, body.height / 5))
        let bandHeight = min(17, max(10, body.height * 3 / 10))
        let streams = Rect(x: 0, y: body.y, width: body.width, height: streamsHeight)
        let optionsWidth = 44
        let kernelWidth = max(52, min(needed, body.width - optionsWidth - minimumWideLogWidth))
        let band = streams.maxY
        let options = Rect(x: 0, y: band, width: optionsWidth, height: bandHeight)
        let kernel = Rect(x: optionsWidth, y: band, width: kernelWidth, height: bandHeight)
        let log = Rect(x: optionsWidth + kernelWidth, y: band, width: body.width - optionsWidth - kernelWidth, height: bandHeight)
        // Data takes the whole width, so two hexdumps fit side by side from 162 columns.
        let data = Rect(x: 0, y: band + bandHeight, width: body.width, height: body.maxY - band - bandHeight)
        return Layout(header: header, streams: streams, options: options, data: data, kernel: kernel,
                      log: log, status: status, footer: footer, shared: nil)
    }

    public func rect(of pane: Pane) -> Rect {
        switch pane {
        case .streams: streams
        case .options: options
        case .data: data
        case .kernel: kernel
        case .log: log
        }
    }
}
