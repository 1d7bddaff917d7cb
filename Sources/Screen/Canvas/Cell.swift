/// One character cell of the screen: a single-width scalar and the role it is drawn in.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var role: Role

    public init(_ scalar: Unicode.Scalar = " ", role: Role = .normal) {
        self.scalar = scalar
        self.role = role
    }

    public static let blank = Cell()
}
