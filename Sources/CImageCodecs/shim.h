#ifndef CLIPSONIC_CIMAGECODECS_SHIM_H
#define CLIPSONIC_CIMAGECODECS_SHIM_H
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <png.h>
#include <jpeglib.h>
#include <jerror.h>

/*
 * Decoders from memory to 8-bit RGB, for Swift. libpng and libjpeg report fatal errors by
 * calling an error handler that must not return; they are meant to longjmp back to a setjmp,
 * which Swift cannot do. These helpers keep setjmp/longjmp inside C: each returns 1 with a
 * malloc'd RGB buffer (free with clipsonic_image_free), or 0 with a message and nothing to free.
 * Output is RGBA, 8 bits a sample, as Pillow's Image.convert("RGBA") gives it: grey -> RGB,
 * palette -> RGB, tRNS -> alpha, opaque where the file has no alpha, 16-bit samples reduced to
 * their high byte, no gamma correction.
 */

typedef struct {
    unsigned char *pixels; /* width * height * 4 bytes (RGBA), rows top to bottom */
    int has_alpha;         /* whether the file has an alpha channel or a tRNS chunk */
    uint32_t width;
    uint32_t height;
    char message[200];
} clipsonic_image;

static inline void clipsonic_image_free(clipsonic_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}

/* ---- PNG ---- */

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t position;
    clipsonic_image *image;
} clipsonic_png_source;

static inline void clipsonic_png_read(png_structp png, png_bytep out, size_t count) {
    clipsonic_png_source *src = (clipsonic_png_source *)png_get_io_ptr(png);
    if (count > src->size - src->position) {
        png_error(png, "the PNG data ends early (truncated file)");
    }
    memcpy(out, src->data + src->position, count);
    src->position += count;
}

static inline void clipsonic_png_error(png_structp png, png_const_charp message) {
    clipsonic_image *image = (clipsonic_image *)png_get_error_ptr(png);
    snprintf(image->message, sizeof image->message, "%s", message);
    png_longjmp(png, 1);
}

static inline void clipsonic_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static inline int clipsonic_decode_png(const unsigned char *data, size_t size, uint64_t max_pixels,
                                       clipsonic_image *image) {
    image->pixels = NULL;
    image->width = image->height = 0;
    image->has_alpha = 0;
    image->message[0] = 0;
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, image, clipsonic_png_error,
                                             clipsonic_png_warning);
    if (!png) {
        snprintf(image->message, sizeof image->message, "libpng could not start (out of memory)");
        return 0;
    }
    png_infop info = png_create_info_struct(png);
    clipsonic_png_source src = {data, size, 0, image};
    /* Written after setjmp and read after longjmp: must live in memory, hence volatile. */
    unsigned char *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(pixels);
        free(rows);
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        return 0;
    }
    if (!info) png_error(png, "libpng could not start (out of memory)");
    png_set_read_fn(png, &src, clipsonic_png_read);
    png_read_info(png, info);
    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0;
    png_get_IHDR(png, info, &width, &height, &bit_depth, &color_type, NULL, NULL, NULL);
    if ((uint64_t)width * (uint64_t)height > max_pixels) {
        snprintf(image->message, sizeof image->message, "image is %ux%u, above the limit of %llu pixels",
                 (unsigned)width, (unsigned)height, (unsigned long long)max_pixels);
        png_longjmp(png, 1);
    }
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (bit_depth == 16) png_set_strip_16(png);
    image->has_alpha = (color_type & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA) png_set_gray_to_rgb(png);
    if (!image->has_alpha) png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != (size_t)width * 4) png_error(png, "unexpected row layout after conversion to RGBA");
    pixels = (unsigned char *)malloc((size_t)height * row_bytes);
    rows = (png_bytep *)malloc((size_t)height * sizeof(png_bytep));
    if (!pixels || !rows) png_error(png, "out of memory for the decoded image");
    for (png_uint_32 y = 0; y < height; y++) rows[y] = pixels + (size_t)y * row_bytes;
    png_read_image(png, rows);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    image->pixels = pixels;
    image->width = width;
    image->height = height;
    return 1;
}

/* ---- JPEG ---- */

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    clipsonic_image *image;
} clipsonic_jpeg_error;

static inline void clipsonic_jpeg_error_exit(j_common_ptr cinfo) {
    clipsonic_jpeg_error *err = (clipsonic_jpeg_error *)cinfo->err;
    char buffer[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, buffer);
    snprintf(err->image->message, sizeof err->image->message, "%s", buffer);
    longjmp(err->jump, 1);
}

/* Warnings are silent, except running out of data: libjpeg would pad the image with grey,
 * Pillow refuses a truncated file, and so do we. */
static inline void clipsonic_jpeg_emit_message(j_common_ptr cinfo, int level) {
    if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
        clipsonic_jpeg_error *err = (clipsonic_jpeg_error *)cinfo->err;
        snprintf(err->image->message, sizeof err->image->message, "the JPEG data ends early (truncated file)");
        longjmp(err->jump, 1);
    }
}

static inline int clipsonic_decode_jpeg(const unsigned char *data, size_t size, uint64_t max_pixels,
                                        clipsonic_image *image) {
    image->pixels = NULL;
    image->width = image->height = 0;
    image->has_alpha = 0;
    image->message[0] = 0;
    struct jpeg_decompress_struct cinfo;
    clipsonic_jpeg_error err;
    unsigned char *volatile pixels = NULL;
    cinfo.err = jpeg_std_error(&err.manager);
    err.manager.error_exit = clipsonic_jpeg_error_exit;
    err.manager.emit_message = clipsonic_jpeg_emit_message;
    err.image = image;
    if (setjmp(err.jump)) {
        free(pixels);
        jpeg_destroy_decompress(&cinfo);
        return 0;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, (unsigned char *)data, (unsigned long)size);
    jpeg_read_header(&cinfo, TRUE);
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        snprintf(image->message, sizeof image->message,
                 "CMYK JPEG images are not supported; save the picture as RGB");
        longjmp(err.jump, 1);
    }
    if ((uint64_t)cinfo.image_width * (uint64_t)cinfo.image_height > max_pixels) {
        snprintf(image->message, sizeof image->message, "image is %ux%u, above the limit of %llu pixels",
                 (unsigned)cinfo.image_width, (unsigned)cinfo.image_height, (unsigned long long)max_pixels);
        longjmp(err.jump, 1);
    }
    /* Pillow's defaults: RGB output, accurate integer IDCT, fancy upsampling; libjpeg-turbo's
     * RGBA output fills alpha with 255. */
    cinfo.out_color_space = JCS_EXT_RGBA;
    cinfo.dct_method = JDCT_ISLOW;
    cinfo.do_fancy_upsampling = TRUE;
    jpeg_start_decompress(&cinfo);
    if (cinfo.output_components != 4) {
        snprintf(image->message, sizeof image->message, "JPEG decodes to %d channels, expected 4",
                 cinfo.output_components);
        longjmp(err.jump, 1);
    }
    size_t row_bytes = (size_t)cinfo.output_width * 4;
    pixels = (unsigned char *)malloc(row_bytes * cinfo.output_height);
    if (!pixels) {
        snprintf(image->message, sizeof image->message, "out of memory for the decoded image");
        longjmp(err.jump, 1);
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)cinfo.output_scanline * row_bytes;
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    /* No jpeg_finish_decompress: every scanline is in, and a missing EOI marker after them
     * should not fail the image. */
    image->width = cinfo.output_width;
    image->height = cinfo.output_height;
    jpeg_destroy_decompress(&cinfo);
    image->pixels = pixels;
    return 1;
}

#endif
