/**
 * Lossless coding: bounds-checked byte readers and writers, bit packing, varints, and the index
 * codecs for sparse tensors (bitmap, delta + varint, Golomb-Rice), chosen by density.
 */
package io.fleetlearn.compression.coding;
