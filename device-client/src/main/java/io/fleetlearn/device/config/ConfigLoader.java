package io.fleetlearn.device.config;

import io.fleetlearn.device.eligibility.Eligibility;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Reads a {@link DeviceConfig} from a {@code .properties} file (UTF-8) and the environment. Every
 * key can be overridden by an environment variable named {@code FLEETLEARN_} + the key in upper
 * case with dots as underscores: {@code broker.uri} → {@code FLEETLEARN_BROKER_URI}, {@code
 * device.id} → {@code FLEETLEARN_DEVICE_ID}. Relative paths are resolved against the file's folder.
 * A bad value fails with a {@link ConfigException} naming the key, where it came from and the
 * value.
 *
 * <p>Keys (defaults in brackets): {@code device.id}, {@code fleet}, {@code broker.uri}, {@code
 * broker.username}, {@code broker.password.file}, {@code broker.tls.ca.file}, {@code data.folder},
 * {@code train.format} [idx] ({@code idx} or {@code csv}), {@code train.images}, {@code
 * train.labels} (IDX), {@code train.csv}, {@code train.label.column} (CSV), {@code train.classes}
 * [10]; the same under {@code test.} (optional: set {@code test.images} or {@code test.csv});
 * {@code eligibility.require.charging} [false], {@code eligibility.min.battery.percent}, {@code
 * eligibility.max.temperature.c}, {@code eligibility.max.load.per.cpu}, {@code
 * eligibility.min.available.mb}; {@code status.interval.seconds} [30], {@code
 * model.max.frame.bytes} [32 MiB], {@code broker.max.packet.bytes} [frame cap + 64 KiB], {@code
 * system.root} [/], {@code benchmark.millis} [300], {@code model.timeout.seconds} [120].
 */
public final class ConfigLoader {
  /** The environment variable prefix. */
  public static final String ENV_PREFIX = "FLEETLEARN_";

  private final Properties file;
  private final String fileName;
  private final Path base;
  private final Map<String, String> env;

  private ConfigLoader(Properties file, String fileName, Path base, Map<String, String> env) {
    this.file = file;
    this.fileName = fileName;
    this.base = base;
    this.env = env;
  }

  /** Loads {@code file} with overrides from the process environment. */
  public static DeviceConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads {@code file} with overrides from {@code env}. */
  public static DeviceConfig load(Path file, Map<String, String> env) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return new ConfigLoader(p, file.toString(), dir, env).read();
  }

  /** Reads already-loaded properties; relative paths resolve against {@code base}. */
  public static DeviceConfig fromProperties(
      Properties properties, String sourceName, Path base, Map<String, String> env) {
    return new ConfigLoader(properties, sourceName, base, env).read();
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private DeviceConfig read() {
    try {
      int frameCap =
          number(
                  "model.max.frame.bytes",
                  DeviceConfig.DEFAULT_MAX_MODEL_FRAME_BYTES,
                  1024,
                  1 << 30,
                  Integer::parseInt)
              .intValue();
      return new DeviceConfig(
          required("device.id"),
          required("fleet"),
          required("broker.uri"),
          optional("broker.username"),
          optional("broker.password.file").map(v -> path("broker.password.file", v)),
          optional("broker.tls.ca.file").map(v -> path("broker.tls.ca.file", v)),
          path("data.folder", required("data.folder")),
          data("train", true).orElseThrow(),
          data("test", false),
          eligibility(),
          Duration.ofMillis(statusMillis()),
          frameCap,
          number(
                  "broker.max.packet.bytes",
                  (long) frameCap + DeviceConfig.PACKET_HEADROOM_BYTES,
                  1024,
                  268_435_460,
                  Long::parseLong)
              .intValue(),
          path("system.root", optional("system.root").orElse("/")),
          Duration.ofMillis(
              number("benchmark.millis", 300, 1, 60_000, Long::parseLong).longValue()),
          Duration.ofSeconds(
              number("model.timeout.seconds", 120, 1, 86_400, Long::parseLong).longValue()));
    } catch (IllegalArgumentException e) {
      // A cross-field rule of the record (e.g. ssl:// without a CA file).
      throw new ConfigException("config " + fileName + ": " + e.getMessage());
    }
  }

  private long statusMillis() {
    double seconds =
        number("status.interval.seconds", 30, 0.1, 86_400, Double::parseDouble).doubleValue();
    return (long) (seconds * 1000);
  }

  private Optional<DataFiles> data(String prefix, boolean needed) {
    String format = optional(prefix + ".format").orElse("idx").toLowerCase(Locale.ROOT);
    int classes = number(prefix + ".classes", 10, 2, 65_536, Integer::parseInt).intValue();
    switch (format) {
      case "idx" -> {
        Optional<String> images = optional(prefix + ".images");
        if (images.isEmpty() && !needed) {
          return Optional.empty();
        }
        Path img = path(prefix + ".images", images.orElseGet(() -> required(prefix + ".images")));
        Path lab = path(prefix + ".labels", required(prefix + ".labels"));
        return Optional.of(DataFiles.idx(img, lab, classes));
      }
      case "csv" -> {
        Optional<String> csv = optional(prefix + ".csv");
        if (csv.isEmpty() && !needed) {
          return Optional.empty();
        }
        Path f = path(prefix + ".csv", csv.orElseGet(() -> required(prefix + ".csv")));
        return Optional.of(DataFiles.csv(f, required(prefix + ".label.column"), classes));
      }
      default -> throw bad(prefix + ".format", format, "must be idx or csv");
    }
  }

  private Eligibility eligibility() {
    String charging = optional("eligibility.require.charging").orElse("false");
    if (!charging.equals("true") && !charging.equals("false")) {
      throw bad("eligibility.require.charging", charging, "must be true or false");
    }
    Long minMb =
        optional("eligibility.min.available.mb")
            .map(v -> parse("eligibility.min.available.mb", v, 0, 1 << 30, Long::parseLong))
            .map(n -> n.longValue() << 20)
            .orElse(null);
    return new Eligibility(
        Boolean.parseBoolean(charging),
        optionalDouble("eligibility.min.battery.percent", 0, 100),
        optionalDouble("eligibility.max.temperature.c", -59, 199),
        optionalDouble("eligibility.max.load.per.cpu", 1e-6, 1e6),
        minMb);
  }

  private Double optionalDouble(String key, double min, double max) {
    return optional(key)
        .map(v -> parse(key, v, min, max, Double::parseDouble).doubleValue())
        .orElse(null);
  }

  private Number number(
      String key, Number fallback, double min, double max, Function<String, Number> parser) {
    return optional(key).map(v -> parse(key, v, min, max, parser)).orElse(fallback);
  }

  private Number parse(
      String key, String value, double min, double max, Function<String, Number> parser) {
    Number n;
    try {
      n = parser.apply(value);
    } catch (NumberFormatException e) {
      throw bad(key, value, "is not a number");
    }
    // Written so that NaN fails too: every comparison with NaN is false.
    if (!(n.doubleValue() >= min && n.doubleValue() <= max)) {
      throw bad(key, value, "must be in [" + min + ", " + max + "]");
    }
    return n;
  }

  private Path path(String key, String value) {
    try {
      return base.resolve(value).normalize();
    } catch (InvalidPathException e) {
      throw bad(key, value, "is not a valid path: " + e.getReason());
    }
  }

  private String required(String key) {
    return optional(key)
        .orElseThrow(
            () ->
                new ConfigException(
                    "config key '"
                        + key
                        + "' is missing: set it in "
                        + fileName
                        + " or as "
                        + envName(key)));
  }

  private Optional<String> optional(String key) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    String v = file.getProperty(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private ConfigException bad(String key, String value, String rule) {
    String source =
        env.containsKey(envName(key)) ? "environment variable " + envName(key) : fileName;
    return new ConfigException(
        "config key '" + key + "' from " + source + " ('" + value + "') " + rule);
  }
}
