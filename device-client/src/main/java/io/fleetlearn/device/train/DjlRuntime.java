package io.fleetlearn.device.train;

import ai.djl.engine.Engine;

/**
 * Loads the PyTorch engine the way a device needs it: offline (no telemetry, no native download:
 * the natives are bundled), with few CPU threads. Settings are JVM system properties that DJL reads
 * once, when the engine first loads, so they are set here before that and never overridden when the
 * operator already set them ({@code -Dai.djl.pytorch.num_threads=4}).
 */
public final class DjlRuntime {
  /** The engine every class of this package uses. */
  public static final String ENGINE = "PyTorch";

  /** Intra-op threads unless configured: a device shares its CPU with the rest of the client. */
  static final String DEFAULT_THREADS = "1";

  private DjlRuntime() {}

  /** The PyTorch engine, loaded offline on first use. */
  public static Engine engine() {
    setIfAbsent("ai.djl.offline", "true");
    // Offline mode already stops the usage ping; this also covers a JVM where the operator turned
    // offline mode off (DJL reads it from the environment or, since djl#2489, as a property).
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.pytorch.num_threads", DEFAULT_THREADS);
    setIfAbsent("ai.djl.pytorch.num_interop_threads", DEFAULT_THREADS);
    return Engine.getEngine(ENGINE);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
