package io.fleetlearn.compression.frame;

import io.fleetlearn.compression.CodecException;

/** What a frame carries; the code is its byte on the wire. */
public enum FrameKind {
  /** A global model (or a width variant of it), coordinator to devices. */
  MODEL(1),
  /** A device's change to the model it received, device to coordinator. */
  UPDATE(2);

  private final int code;

  FrameKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  static FrameKind fromCode(int code) {
    for (FrameKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    throw new CodecException("frame kind (" + code + ") must be 1 (model) or 2 (update)");
  }
}
