/**
 * The binary frame: magic, version, a self-describing header, an entropy-coded body and a CRC32C; a
 * decoder that trusts nothing and bounds what a hostile frame can cost.
 */
package io.fleetlearn.compression.frame;
