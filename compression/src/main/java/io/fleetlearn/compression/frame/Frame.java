package io.fleetlearn.compression.frame;

import io.fleetlearn.compression.tensor.Model;

/**
 * A decoded frame: its header and its tensors, dense, in header order.
 *
 * @param storedBytes the frame's size on the wire, for byte accounting
 */
public record Frame(FrameHeader header, Model model, int storedBytes) {}
