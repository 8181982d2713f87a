/**
 * The lossless entropy stage applied to a whole encoded body: none, raw deflate from the JDK, or
 * zstd (zstd-jni). Decompression is given untrusted bytes and a length the caller has already
 * bounded; it produces exactly that many bytes or fails with a {@link
 * io.fleetlearn.compression.CodecException}, and never allocates more, so a zip bomb costs at most
 * the declared length. See {@code docs/entropy-choice.md} for the measurements behind the default.
 */
package io.fleetlearn.compression.entropy;
