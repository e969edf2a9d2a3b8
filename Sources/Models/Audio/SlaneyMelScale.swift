import Foundation

/// The Slaney (Auditory Toolbox) mel scale, as `librosa.hz_to_mel` / `mel_to_hz` with
/// `htk=False`: linear below 1 kHz (200/3 Hz per mel), logarithmic above (27 mels per factor 6.4).
public enum SlaneyMelScale {
    static let hzPerMel = 200.0 / 3.0
    static let breakHz = 1000.0
    static let breakMel = breakHz / hzPerMel
    static let logStep = log(6.4) / 27.0

    public static func mel(fromHz f: Double) -> Double {
        f >= breakHz ? breakMel + log(f / breakHz) / logStep : f / hzPerMel
    }

    public static func hz(fromMel m: Double) -> Double {
        m >= breakMel ? breakHz * exp(logStep * (m - breakMel)) : hzPerMel * m
    }
}
