/**
 * Quantization of float values: fp32 (lossless), fp16, int8/int4/int2 affine (symmetric or
 * asymmetric, per tensor or per output channel, optionally with unbiased stochastic rounding), and
 * ternary. Each codec documents its worst-case error and exposes it as a {@code worstCaseError}
 * method that the property tests hold it to.
 *
 * <p>Payloads with per-group parameters store them first, in group order, then the codes of the
 * whole run packed back to back (a group may start mid-byte). A codec that is not per channel is
 * normally given one group; given several, it treats each separately, as {@code payloadBytes(len,
 * groups)} counts. Quantizers reject non-finite inputs at encode time, naming the index.
 */
package io.fleetlearn.compression.quant;
