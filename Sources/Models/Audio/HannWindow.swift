import Foundation

/// The periodic Hann window, as `torch.hann_window(length)` builds it, centred inside `nFFT`
/// samples with zeros on both sides when `length < nFFT` (what `torch.stft` does with a window
/// shorter than the FFT).
public enum HannWindow {
    /// `w[i] = 0.5 - 0.5 cos(2 pi i / length)` at offset `(nFFT - length) / 2`, zeros elsewhere.
    public static func periodic(length: Int, paddedTo nFFT: Int) -> [Double] {
        var w = [Double](repeating: 0, count: nFFT)
        let left = (nFFT - length) / 2
        for i in 0..<length {
            w[left + i] = 0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(length))
        }
        return w
    }
}
