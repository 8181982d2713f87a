/**
 * Composable compression pipelines with readable names, the frame body they write, named presets
 * for upload and download, and the decoder facade for frames from untrusted peers.
 */
package io.fleetlearn.compression.pipeline;
