import Foundation
import Testing

@testable import RunbookBytes

@Suite struct DecimalNumberTests {
    private func exact(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalNumber.exactDouble($0) }
    }

    /// The fast path either declines or gives `Double(String)`'s value, bit for bit.
    private func expectAgrees(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let fast = exact(text) else { return }
        let general = Double(text)
        #expect(general?.bitPattern == fast.bitPattern, "\(text)", sourceLocation: sourceLocation)
    }

    @Test("numbers read exactly from their bytes equal Double(String), bit for bit")
    func agreesWithTheParser() {
        let tricky = [
            "0", "-0", "0.0", "-0.0", "1", "-1", "0.5", "1.5", "3", "1e-7", "1e-07", "1E+2", "12.5e1",
            "0.008862725997460075", "0.01081483699817909", "0.0025593490008759545", "9007199254740992",
            "9007199254740993", "-9007199254740992", "1e22", "1e-22", "4.35", "0.1", "0.2", "0.3",
            "123456789.125", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308",
            "0.000000000000000000001", "100000000000000000000", "1000000000000000000000",
        ]
        for text in tricky { expectAgrees(text) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let magnitude = Double.random(in: -12...12, using: &generator)
            let value = Double.random(in: 0..<1, using: &generator) * Foundation.pow(10, magnitude)
            expectAgrees("\(value)")
            expectAgrees("\(-value)")
            expectAgrees(String(format: "%.6f", value))
        }
        for bits in [UInt64(0), 1, 0x7FEF_FFFF_FFFF_FFFF, 0x3FF0_0000_0000_0001] {
            expectAgrees("\(Double(bitPattern: bits))")
        }
    }

    @Test("what the encoder writes for durations is read by the fast path")
    func takesDurations() {
        #expect(exact("0.008862725997460075") == 0.008862725997460075)
        #expect(exact("3") == 3)
        #expect(exact("-0")?.sign == .minus)
        #expect(exact("1e-07") == 1e-7)
        #expect(exact("12.5E1") == 125)
    }

    @Test("text outside JSON's number grammar or the exact range is left to the parser")
    func declines() {
        let declined = [
            "", "-", "+1", "--1", "01", "1.", ".5", "1e", "1e+", "1.e5", "0x10", "inf", "nan", " 1", "1 ", "1,",
            "1e99999", "1e23", "1e-23", "9007199254740993", "12345678901234567890", "1.0000000000000000000001",
            "0.000000000000000000000001", "١", "1é",
        ]
        for text in declined { #expect(exact(text) == nil, "\(text)") }
    }
}
