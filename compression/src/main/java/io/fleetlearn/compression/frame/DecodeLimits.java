package io.fleetlearn.compression.frame;

/**
 * What a decoder accepts from an untrusted peer. Every length and count in a frame is checked
 * against these before anything is allocated, so a hostile frame costs at most these amounts.
 *
 * @param maxFrameBytes largest frame accepted, in bytes
 * @param maxTensors most tensors in one frame
 * @param maxElements most elements over all tensors: bounds the dense model a small sparse frame
 *     can make us allocate ({@code 4 * maxElements} bytes)
 * @param maxBodyBytes largest body after entropy decoding
 * @param maxExpansion largest ratio of entropy-decoded to stored body bytes (a zip bomb has ratios
 *     in the thousands; real bodies stay far below 100)
 * @param rejectNonFinite refuse a frame whose decoded values include NaN or infinity
 */
public record DecodeLimits(
    int maxFrameBytes,
    int maxTensors,
    long maxElements,
    int maxBodyBytes,
    int maxExpansion,
    boolean rejectNonFinite) {

  public DecodeLimits {
    positive("maxFrameBytes", maxFrameBytes);
    positive("maxTensors", maxTensors);
    positive("maxElements", maxElements);
    positive("maxBodyBytes", maxBodyBytes);
    positive("maxExpansion", maxExpansion);
    if (maxElements > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxElements (" + maxElements + ") must fit one Java array");
    }
  }

  /**
   * Defaults sized for a model of up to 16M parameters: a 64 MB dense float32 model, which a 512 MB
   * Raspberry Pi Zero 2 W can still hold.
   */
  public static DecodeLimits defaults() {
    return new DecodeLimits(64 << 20, 4096, 16L << 20, 96 << 20, 256, true);
  }

  public DecodeLimits withMaxElements(long n) {
    return new DecodeLimits(
        maxFrameBytes, maxTensors, n, maxBodyBytes, maxExpansion, rejectNonFinite);
  }

  public DecodeLimits withMaxFrameBytes(int n) {
    return new DecodeLimits(
        n, maxTensors, maxElements, maxBodyBytes, maxExpansion, rejectNonFinite);
  }

  public DecodeLimits withRejectNonFinite(boolean reject) {
    return new DecodeLimits(
        maxFrameBytes, maxTensors, maxElements, maxBodyBytes, maxExpansion, reject);
  }

  private static void positive(String what, long v) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + " (" + v + ") must be > 0");
    }
  }
}
