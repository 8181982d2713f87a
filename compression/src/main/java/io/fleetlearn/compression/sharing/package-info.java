/**
 * Weight sharing (Han, Mao and Dally, Deep Compression, 2016): the values of a tensor are clustered
 * by 1-D k-means into {@code 2^b} shared values, and each value is sent as a {@code b}-bit index
 * into that codebook.
 */
package io.fleetlearn.compression.sharing;
