import Testing

@testable import RunbookExecution

/// The markers the console wrapper writes are found wherever the pipe cuts the stream.
@Suite struct TranscriptMarkerFilterTests {
    private func pieces(_ stream: [UInt8], chunk: Int) -> (output: [[UInt8]], markers: [String]) {
        var filter = TranscriptMarkerFilter(token: Array("\u{1E}runbook-x1:".utf8))
        var output: [[UInt8]] = [[]]
        var markers: [String] = []
        func take(_ piece: TranscriptMarkerFilter.Piece) {
            switch piece {
            case .output(let bytes): output[output.count - 1] += bytes
            case .marker(let index, let status):
                markers.append("\(index):\(status)")
                output.append([])
            }
        }
        var start = 0
        while start < stream.count {
            let end = min(stream.count, start + chunk)
            Array(stream[start..<end]).withUnsafeBytes { filter.process($0, emit: take) }
            start = end
        }
        filter.finish(emit: take)
        return (output, markers)
    }

    @Test("Every chunk size cuts the same: output without a line feed, a lone \\x1E, a marker split anywhere")
    func chunkBoundaries() {
        let stream = Array(
            "one\nno-eol\u{1E}runbook-x1:1:0\nrecord\u{1E}separator\n\u{1E}runbook-x1:2:3\n\u{1E}runbook-x9:3:0\ntail\u{1E}run"
                .utf8)
        for chunk in 1...stream.count {
            let result = pieces(stream, chunk: chunk)
            #expect(result.markers == ["1:0", "2:3"], "chunk \(chunk)")
            #expect(
                result.output.map { String(decoding: $0, as: UTF8.self) }
                    == ["one\nno-eol", "record\u{1E}separator\n", "\u{1E}runbook-x9:3:0\ntail\u{1E}run"],
                "chunk \(chunk)")
        }
    }
}
