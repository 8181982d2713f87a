package io.fleetlearn.compression.pipeline;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.Frame;
import io.fleetlearn.compression.frame.FrameFormat;
import io.fleetlearn.compression.frame.FrameHeader;
import io.fleetlearn.compression.frame.RawFrame;

/**
 * Decodes frames from untrusted peers. No pipeline is needed: the body describes its own codecs.
 * Every failure is a {@link io.fleetlearn.compression.CodecException} naming what was wrong.
 */
public final class Frames {
  private Frames() {}

  /** Checks and decodes a whole frame within {@code limits}. */
  public static Frame decode(byte[] frame, DecodeLimits limits) {
    RawFrame raw = FrameFormat.read(frame, limits);
    return new Frame(
        raw.header(),
        BodyCodec.decode(raw.body(), raw.body().length, raw.header().tensors(), limits),
        raw.storedBytes());
  }

  /**
   * Checks a frame and hands its tensors to {@code sink} one at a time, sparse ones as indices and
   * values: how an aggregator folds an update without inflating it. Returns the header.
   */
  public static FrameHeader visit(byte[] frame, DecodeLimits limits, SectionSink sink) {
    RawFrame raw = FrameFormat.read(frame, limits);
    BodyCodec.visit(raw.body(), raw.body().length, raw.header().tensors(), limits, sink);
    return raw.header();
  }

  /** Checks the frame and parses its header only: cheap triage before a full decode. */
  public static FrameHeader header(byte[] frame, DecodeLimits limits) {
    return FrameFormat.readHeader(frame, limits);
  }
}
