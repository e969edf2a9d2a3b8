import Foundation
import XCTest
import Models

/// The FFTs against a direct O(n^2) DFT in Double, over edge sizes.
final class AudioFFTTests: XCTestCase {
    private func naiveDFT(_ re: [Double], _ im: [Double]) -> ([Double], [Double]) {
        let n = re.count
        var outRe = [Double](repeating: 0, count: n), outIm = outRe
        for k in 0..<n {
            for j in 0..<n {
                let a = -2 * Double.pi * Double(j * k % n) / Double(n)
                outRe[k] += re[j] * cos(a) - im[j] * sin(a)
                outIm[k] += re[j] * sin(a) + im[j] * cos(a)
            }
        }
        return (outRe, outIm)
    }

    private func signal(_ n: Int, seed: Int) -> [Double] {
        (0..<n).map { (i: Int) -> Double in
            let a = Double(i * 7 + seed) * 0.37, b = Double(i * i + seed) * 0.11
            return sin(a) + 0.5 * cos(b)
        }
    }

    func testComplexFFTMatchesDFT() throws {
        for n in [1, 2, 4, 8, 16, 32, 64, 256] {
            let fft = try ComplexFFT(count: n)
            var re = signal(n, seed: 1), im = signal(n, seed: 2)
            let (er, ei) = naiveDFT(re, im)
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { i in fft.forward(re: r.baseAddress!, im: i.baseAddress!) }
            }
            let err = zip(re + im, er + ei).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThan(err, 1e-10 * Double(n), "n = \(n)")
            re.withUnsafeMutableBufferPointer { r in
                im.withUnsafeMutableBufferPointer { i in fft.inverse(re: r.baseAddress!, im: i.baseAddress!) }
            }
            let back = zip(re + im, signal(n, seed: 1) + signal(n, seed: 2)).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThan(back, 1e-12 * Double(n), "round trip n = \(n)")
        }
    }

    func testRealFFTMatchesDFTAndInverts() throws {
        for n in [2, 4, 8, 16, 64, 1024] {
            let fft = try RealFFT(count: n)
            let x = signal(n, seed: 3)
            let (er, ei) = naiveDFT(x, [Double](repeating: 0, count: n))
            var re = [Double](repeating: 0, count: fft.bins), im = re, back = x
            let scratch = RealFFT.Scratch(for: fft)
            x.withUnsafeBufferPointer { xb in
                re.withUnsafeMutableBufferPointer { r in
                    im.withUnsafeMutableBufferPointer { i in
                        fft.forward(xb.baseAddress!, re: r.baseAddress!, im: i.baseAddress!, scratch: scratch)
                    }
                }
            }
            let err = (0..<fft.bins).map { max(abs(re[$0] - er[$0]), abs(im[$0] - ei[$0])) }.max() ?? 0
            XCTAssertLessThan(err, 1e-10 * Double(n), "n = \(n)")
            back.withUnsafeMutableBufferPointer { b in
                fft.inverse(re: re, im: im, into: b.baseAddress!, scratch: scratch)
            }
            let roundTrip = zip(back, x).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThan(roundTrip, 1e-12 * Double(n), "round trip n = \(n)")
        }
    }

    func testRejectsSizesThatAreNotPowersOfTwo() {
        XCTAssertThrowsError(try ComplexFFT(count: 12))
        XCTAssertThrowsError(try RealFFT(count: 1))
        XCTAssertThrowsError(try RealFFT(count: 1000))
    }

    /// Analysis then synthesis with BigVGAN's framing gives the signal back.
    func testInverseSTFTReconstructs() throws {
        let stft = try STFT(nFFT: 1024, hop: 256, winSize: 1024)
        let x = signal(256 * 20, seed: 5)
        let (re, im, frames) = try x.withUnsafeBufferPointer { try stft.forward($0) }
        XCTAssertEqual(frames, 20)
        let y = stft.inverse(re: re, im: im, frames: frames, length: x.count)
        let err = zip(x, y).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThan(err, 1e-10)
    }

    func testShortSignalIsATypedError() throws {
        let mel = try LogMelSpectrogram(configuration: MelConfiguration())
        XCTAssertThrowsError(try mel([Float](repeating: 0, count: 100))) { error in
            XCTAssertEqual(error as? AudioError, .signalTooShort(samples: 100, minimum: 385))
        }
    }
}
