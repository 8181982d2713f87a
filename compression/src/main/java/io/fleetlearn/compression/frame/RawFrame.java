package io.fleetlearn.compression.frame;

/**
 * A frame whose checksum, header and entropy stage have been checked and undone: the header and the
 * body bytes the pipeline wrote, not yet decoded into tensors.
 *
 * @param storedBytes the frame's size on the wire
 */
public record RawFrame(FrameHeader header, byte[] body, int storedBytes) {}
