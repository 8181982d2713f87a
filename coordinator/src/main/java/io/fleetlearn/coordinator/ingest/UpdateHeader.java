package io.fleetlearn.coordinator.ingest;

import io.fleetlearn.compression.CodecException;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.frame.FrameHeader;
import io.fleetlearn.compression.frame.FrameKind;
import io.fleetlearn.compression.pipeline.Frames;
import java.util.Map;

/**
 * What an update frame's header says, read and checked cheaply (no body decode) on the event loop.
 * The attributes are those the device client writes: {@code device}, {@code nonce} (hex), {@code
 * samples}, {@code width} (ppm) and optionally {@code loss}.
 *
 * @param round the round it is for
 * @param modelVersion the model version it was trained from
 * @param deviceId the device it says it is from
 * @param nonce the attempt nonce
 * @param samples the sample count it claims
 * @param widthPpm the width it was trained at
 * @param loss the device's last-epoch training loss, or null
 * @param bytes the frame's size
 */
public record UpdateHeader(
    long round,
    long modelVersion,
    String deviceId,
    long nonce,
    long samples,
    int widthPpm,
    Double loss,
    int bytes) {

  /**
   * Checks the size and the header of an update that arrived on the topic of {@code topicDevice}.
   *
   * @throws Rejection ({@code size}, {@code frame}, {@code impersonation}) when refused
   */
  public static UpdateHeader read(byte[] payload, String topicDevice, DecodeLimits limits) {
    if (payload.length > limits.maxFrameBytes()) {
      throw new Rejection(
          Rejection.SIZE,
          "update from "
              + topicDevice
              + " is "
              + payload.length
              + " bytes, the limit is "
              + limits.maxFrameBytes()
              + "; update refused");
    }
    FrameHeader h;
    try {
      h = Frames.header(payload, limits);
    } catch (CodecException | IllegalArgumentException e) {
      throw new Rejection(
          Rejection.FRAME,
          "update from " + topicDevice + " is not a frame (" + e.getMessage() + ")");
    }
    String who = "update from " + topicDevice;
    if (h.kind() != FrameKind.UPDATE) {
      throw new Rejection(Rejection.FRAME, who + " is a " + h.kind() + " frame, not an UPDATE");
    }
    Map<String, String> a = h.attributes();
    String device = a.get("device");
    if (device == null) {
      throw new Rejection(Rejection.FRAME, who + " has no device attribute");
    }
    if (!device.equals(topicDevice)) {
      throw new Rejection(
          Rejection.IMPERSONATION,
          "update on the topic of " + topicDevice + " says it is from " + device + "; refused");
    }
    long nonce;
    long samples;
    int width;
    try {
      nonce = Long.parseUnsignedLong(required(a, "nonce", who), 16);
      samples = Long.parseLong(required(a, "samples", who));
      width = Integer.parseInt(a.getOrDefault("width", "1000000"));
    } catch (NumberFormatException e) {
      throw new Rejection(Rejection.FRAME, who + " has a malformed attribute: " + e.getMessage());
    }
    Double loss = null;
    String l = a.get("loss");
    if (l != null) {
      try {
        double v = Double.parseDouble(l);
        loss = Double.isFinite(v) && v >= 0 ? v : null;
      } catch (NumberFormatException e) {
        loss = null; // Charts only: a bad loss does not cost the update.
      }
    }
    return new UpdateHeader(
        h.round(), h.modelVersion(), device, nonce, samples, width, loss, payload.length);
  }

  private static String required(Map<String, String> a, String key, String who) {
    String v = a.get(key);
    if (v == null) {
      throw new Rejection(Rejection.FRAME, who + " has no " + key + " attribute");
    }
    return v;
  }
}
