/**
 * FleetLearn's compression library: tensors and models as plain arrays, lossy codecs (quantization,
 * pruning, sparsification, low rank, weight sharing), lossless coding, composable pipelines and the
 * self-describing binary frame that carries every model and update on the wire.
 */
package io.fleetlearn.compression;
