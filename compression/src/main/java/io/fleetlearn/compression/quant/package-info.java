/**
 * Quantization of float values: fp16, int8/int4/int2 affine (symmetric or asymmetric, per tensor or
 * per output channel, optionally with unbiased stochastic rounding), and ternary. Each codec
 * documents its worst-case error.
 */
package io.fleetlearn.compression.quant;
