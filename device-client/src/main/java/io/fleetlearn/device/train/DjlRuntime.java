package io.fleetlearn.device.train;

import ai.djl.engine.Engine;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the PyTorch engine the way a device needs it: offline (no telemetry, no native download:
 * the natives are bundled), with few CPU threads. Settings are JVM system properties that DJL reads
 * once, when the engine first loads, so they are set here before that and never overridden when the
 * operator already set them ({@code -Dai.djl.pytorch.num_threads=4}).
 *
 * <p>oneDNN kernels are turned off once the engine is loaded (see {@link TorchBackends} for the NaN
 * gradients they gave); {@code -Dfleetlearn.onednn=true} (or the environment variable {@code
 * FLEETLEARN_ONEDNN=true}) keeps them, for comparisons. On x86-64, NNPACK is turned off too (it
 * does not run there and says so once per thread).
 */
public final class DjlRuntime {
  /** The engine every class of this package uses. */
  public static final String ENGINE = "PyTorch";

  /** System property (or environment variable {@code FLEETLEARN_ONEDNN}) keeping oneDNN on. */
  public static final String ONEDNN_PROPERTY = "fleetlearn.onednn";

  private static final Logger LOG = LoggerFactory.getLogger(DjlRuntime.class);

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
    Engine engine = Engine.getEngine(ENGINE);
    // The first call makes the process-wide kernel choice, before any array is computed.
    Kernels.oneDnn();
    return engine;
  }

  /** Whether PyTorch's oneDNN kernels are in use in this process. */
  public static boolean oneDnnEnabled() {
    engine();
    return Kernels.oneDnn();
  }

  /** The kernel choice, made once per process when the engine first loads (class init is lazy). */
  private static final class Kernels {
    private static final Set<String> X86_64 = Set.of("amd64", "x86_64");
    private static final boolean ONEDNN = configure();

    static boolean oneDnn() {
      return ONEDNN;
    }

    private static boolean configure() {
      if (X86_64.contains(System.getProperty("os.arch"))) {
        try {
          TorchBackends.setNnpack(false);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
          LOG.debug("cannot turn PyTorch's NNPACK off ({}); it only costs log lines", e.toString());
        }
      }
      String keep = System.getProperty(ONEDNN_PROPERTY, System.getenv("FLEETLEARN_ONEDNN"));
      try {
        boolean on = TorchBackends.setOneDnn(Boolean.parseBoolean(keep));
        LOG.debug("PyTorch oneDNN kernels {}", on ? "on" : "off");
        return on;
      } catch (UnsatisfiedLinkError | RuntimeException e) {
        LOG.warn(
            "cannot turn PyTorch's oneDNN kernels off ({}); convolution gradients of layers with"
                + " few channels may be NaN, and such rounds are refused",
            e.toString());
        return true;
      }
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
