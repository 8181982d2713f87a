package io.fleetlearn.device.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter: the delay before retry {@code n} (from 0) is uniform in
 * {@code [0, min(cap, base·2^n)]} (AWS architecture blog, "Exponential Backoff and Jitter"). Full
 * jitter spreads a fleet that lost its broker at the same instant over the whole window instead of
 * letting it reconnect in lock-step. Worst case: a delay of {@code cap}.
 */
public final class Backoff {
  private final long baseNanos;
  private final long capNanos;
  private final RandomGenerator random;

  /**
   * @param base the window of the first retry, above zero
   * @param cap the largest window, at least {@code base} and at most one day
   * @param random the jitter source (injected so tests can pin it)
   */
  public Backoff(Duration base, Duration cap, RandomGenerator random) {
    if (base.isZero() || base.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap, got " + base + ", " + cap);
    }
    if (cap.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("cap must be at most one day: " + cap);
    }
    this.baseNanos = base.toNanos();
    this.capNanos = cap.toNanos();
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Base 1 s, cap 5 minutes. */
  public static Backoff defaults(RandomGenerator random) {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), random);
  }

  /** The upper end of the window for retry {@code attempt}: {@code min(cap, base·2^attempt)}. */
  public Duration ceiling(int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("attempt must be >= 0: " + attempt);
    }
    // Saturate instead of overflowing: once base·2^n passes the cap it stays there.
    long window = attempt >= 62 ? capNanos : Math.min(capNanos, multiplySaturated(attempt));
    return Duration.ofNanos(window);
  }

  /** A random delay in {@code [0, ceiling(attempt)]}. */
  public Duration delay(int attempt) {
    return Duration.ofNanos(random.nextLong(ceiling(attempt).toNanos() + 1));
  }

  private long multiplySaturated(int shift) {
    long limit = Long.MAX_VALUE >> shift;
    return baseNanos > limit ? Long.MAX_VALUE : baseNanos << shift;
  }
}
