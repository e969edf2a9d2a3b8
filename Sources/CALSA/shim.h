#ifndef CLIPSONIC_CALSA_SHIM_H
#define CLIPSONIC_CALSA_SHIM_H
#include <alsa/asoundlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

// ALSA prints its diagnostics to stderr through a variadic handler, which Swift cannot
// implement; on a curses screen those lines would tear the display. This handler keeps the
// last message per thread instead, so an open failure can quote it in a typed error.
enum { CLIPSONIC_ALSA_MESSAGE_SIZE = 512 };

// A function-local static, because Swift emits the bodies of header functions it calls but
// not file-scope variables declared in headers.
static inline char *clipsonic_alsa_message_buffer(void) {
    static __thread char message[CLIPSONIC_ALSA_MESSAGE_SIZE];
    return message;
}

static void clipsonic_alsa_quiet_handler(const char *file, int line, const char *function,
                                         int err, const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err;
    va_list args;
    va_start(args, fmt);
    vsnprintf(clipsonic_alsa_message_buffer(), CLIPSONIC_ALSA_MESSAGE_SIZE, fmt, args);
    va_end(args);
}

/// Routes ALSA's diagnostics to the per-thread buffer instead of stderr.
static inline int clipsonic_alsa_silence_errors(void) {
    return snd_lib_error_set_handler(clipsonic_alsa_quiet_handler);
}

/// Copies the calling thread's last ALSA diagnostic (empty if none) and clears it.
static inline void clipsonic_alsa_take_last_message(char *out, size_t size) {
    if (size == 0) { return; }
    char *message = clipsonic_alsa_message_buffer();
    strncpy(out, message, size - 1);
    out[size - 1] = 0;
    message[0] = 0;
}
#endif
