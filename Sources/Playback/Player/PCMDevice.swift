import CALSA
import Foundation

/// One ALSA playback PCM. Opened on the caller's thread, then used only by the player's worker
/// thread, which is why it may be `@unchecked Sendable`: no two threads touch it at once.
final class PCMDevice: @unchecked Sendable {
    let name: String
    /// True for PCMs with no clock of their own (null, file): they accept data instantly.
    let isUnpaced: Bool
    private var pcm: OpaquePointer?
    private(set) var configuration: Configuration?
    /// Conversion scratch, reused between writes to keep the worker free of allocations.
    private var int16Scratch: [Int16] = []
    private var floatScratch: [Float] = []

    private init(name: String, pcm: OpaquePointer) {
        self.name = name
        self.pcm = pcm
        let type = snd_pcm_type(pcm)
        isUnpaced = type == SND_PCM_TYPE_NULL || type == SND_PCM_TYPE_FILE
    }

    deinit { close() }

    /// Opens `name` for playback in blocking mode.
    static func open(name: String) throws(PlaybackError) -> PCMDevice {
        ALSADiagnostics.install()
        var handle: OpaquePointer?
        let status = snd_pcm_open(&handle, name, SND_PCM_STREAM_PLAYBACK, 0)
        guard status >= 0, let handle else {
            throw .noDevice(name: name, reason: ALSADiagnostics.reason(status))
        }
        return PCMDevice(name: name, pcm: handle)
    }

    /// Sets format, channels and rate: mono first, then stereo (many hw: devices take only two
    /// channels); FLOAT_LE first unless S16_LE is asked for. `soft_resample` lets plug devices
    /// convert any rate. Idempotent when nothing changes.
    @discardableResult
    func configure(sampleRate: Int, format preference: PCMSampleFormat,
                   latency: TimeInterval) throws(PlaybackError) -> Configuration {
        guard let pcm else { throw .deviceFailed(name: name, reason: "the device was closed") }
        guard sampleRate > 0, sampleRate <= 768_000 else {
            throw .unsupportedConfiguration(device: name, sampleRate: sampleRate, reason: "the rate is out of range")
        }
        if let configuration, configuration.sampleRate == sampleRate,
           preference == .automatic || preference == configuration.format {
            return configuration
        }
        snd_pcm_drop(pcm)
        let formats: [PCMSampleFormat] = preference == .automatic ? [.float32, .int16] : [preference]
        let latencyMicroseconds = UInt32(clamping: Int((latency * 1_000_000).rounded()))
        var failure: Int32 = 0
        for channels in [1, 2] {
            for format in formats {
                let alsaFormat = format == .float32 ? SND_PCM_FORMAT_FLOAT_LE : SND_PCM_FORMAT_S16_LE
                let status = snd_pcm_set_params(pcm, alsaFormat, SND_PCM_ACCESS_RW_INTERLEAVED, UInt32(channels),
                                                UInt32(sampleRate), 1, latencyMicroseconds)
                if status < 0 {
                    failure = status
                    continue
                }
                var bufferFrames = snd_pcm_uframes_t(0)
                var periodFrames = snd_pcm_uframes_t(0)
                snd_pcm_get_params(pcm, &bufferFrames, &periodFrames)
                startAfterOnePeriod(pcm, periodFrames: periodFrames)
                let configured = Configuration(sampleRate: sampleRate, format: format, channels: channels,
                                               bufferFrames: Int(bufferFrames), periodFrames: Int(periodFrames))
                configuration = configured
                return configured
            }
        }
        configuration = nil
        throw .unsupportedConfiguration(device: name, sampleRate: sampleRate, reason: ALSADiagnostics.reason(failure))
    }

    /// Writes mono samples, converting and duplicating channels as configured. Blocks while the
    /// device's queue is full. Underruns are recovered and the write retried; any other failure
    /// is returned as a message.
    func write(_ samples: UnsafeBufferPointer<Float>) -> String? {
        guard let pcm, let configuration, let base = samples.baseAddress else {
            return samples.isEmpty ? nil : "the device is not set up"
        }
        prepareIfStopped()
        let channels = configuration.channels
        switch configuration.format {
        case .int16:
            if int16Scratch.count < samples.count * channels {
                int16Scratch = [Int16](repeating: 0, count: samples.count * channels)
            }
            for index in 0..<samples.count {
                // Round to nearest and saturate; NaN (a failed vocoder) becomes silence, not a trap.
                let sample = base[index].isNaN ? 0 : base[index]
                let value = Int16(max(-32768, min(32767, (sample * 32767).rounded())))
                for channel in 0..<channels { int16Scratch[index * channels + channel] = value }
            }
            return int16Scratch.withUnsafeBytes { writeAll($0.baseAddress, frames: samples.count, pcm: pcm) }
        case .float32, .automatic:
            if channels == 1 {
                return writeAll(UnsafeRawPointer(base), frames: samples.count, pcm: pcm)
            }
            if floatScratch.count < samples.count * channels {
                floatScratch = [Float](repeating: 0, count: samples.count * channels)
            }
            for index in 0..<samples.count {
                for channel in 0..<channels { floatScratch[index * channels + channel] = base[index] }
            }
            return floatScratch.withUnsafeBytes { writeAll($0.baseAddress, frames: samples.count, pcm: pcm) }
        }
    }

    /// Frames written but not yet heard. Starts a device still waiting for its start threshold
    /// (a take shorter than the device's buffer would otherwise never begin); 0 once it ran dry.
    func queuedFrames(startIfWaiting: Bool) -> Int {
        guard let pcm else { return 0 }
        let state = snd_pcm_state(pcm)
        guard state == SND_PCM_STATE_RUNNING || state == SND_PCM_STATE_PREPARED
                || state == SND_PCM_STATE_DRAINING else { return 0 }
        var delay = snd_pcm_sframes_t(0)
        guard snd_pcm_delay(pcm, &delay) >= 0 else { return 0 }
        if startIfWaiting, state == SND_PCM_STATE_PREPARED, delay > 0 {
            snd_pcm_start(pcm)
        }
        return max(Int(delay), 0)
    }

    /// Discards queued audio at once and readies the device for the next write.
    func drop() {
        guard let pcm else { return }
        snd_pcm_drop(pcm)
        snd_pcm_prepare(pcm)
    }

    /// Plays out what is queued (file plugins flush their file here), then readies the device.
    func drain() {
        guard let pcm else { return }
        if snd_pcm_state(pcm) == SND_PCM_STATE_RUNNING || snd_pcm_state(pcm) == SND_PCM_STATE_PREPARED {
            snd_pcm_drain(pcm)
        }
        snd_pcm_prepare(pcm)
    }

    func close() {
        guard let pcm else { return }
        self.pcm = nil
        snd_pcm_drop(pcm)
        snd_pcm_close(pcm)
    }

    // MARK: - Internals

    /// snd_pcm_set_params makes the device wait for a full buffer before starting, which would
    /// delay sound by the whole latency after every seek, resume or A/B switch; one period is
    /// enough for the worker, which writes continuously. Best effort: the default still works.
    private func startAfterOnePeriod(_ pcm: OpaquePointer, periodFrames: snd_pcm_uframes_t) {
        var params: OpaquePointer?
        guard snd_pcm_sw_params_malloc(&params) == 0, let params else { return }
        defer { snd_pcm_sw_params_free(params) }
        guard snd_pcm_sw_params_current(pcm, params) == 0,
              snd_pcm_sw_params_set_start_threshold(pcm, params, max(periodFrames, 1)) == 0 else { return }
        snd_pcm_sw_params(pcm, params)
    }

    private func prepareIfStopped() {
        guard let pcm else { return }
        let state = snd_pcm_state(pcm)
        if state == SND_PCM_STATE_SETUP || state == SND_PCM_STATE_XRUN {
            snd_pcm_prepare(pcm)
        }
    }

    private func writeAll(_ data: UnsafeRawPointer?, frames: Int, pcm: OpaquePointer) -> String? {
        guard let data, let configuration else { return nil }
        let bytesPerFrame = configuration.channels * (configuration.format == .int16 ? 2 : 4)
        var done = 0
        var recoveries = 0
        while done < frames {
            let written = snd_pcm_writei(pcm, data + done * bytesPerFrame, snd_pcm_uframes_t(frames - done))
            if written >= 0 {
                done += Int(written)
                continue
            }
            // EPIPE (underrun), ESTRPIPE (suspend) and EINTR are recoverable; a device that keeps
            // failing is not.
            recoveries += 1
            if recoveries > 8 || snd_pcm_recover(pcm, Int32(written), 1) < 0 {
                return ALSADiagnostics.reason(Int32(written))
            }
        }
        return nil
    }
}
