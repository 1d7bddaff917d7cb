/// The application model of tcpscope: sessions of streams and listeners, capture, the event log,
/// the background poller, the command language and headless runs. No curses here.
public enum InspectorModule {}
