package io.fleetlearn.device.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
  /** Always the top of the window. */
  static final RandomGenerator HIGHEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return bound - 1;
        }
      };

  static final RandomGenerator LOWEST =
      new RandomGenerator() {
        @Override
        public long nextLong() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong(long bound) {
          return 0;
        }
      };

  @Test
  void theWindowDoublesFromBaseUntilTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), HIGHEST);
    assertThat(b.delay(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(b.delay(3)).isEqualTo(Duration.ofMillis(800));
    assertThat(b.delay(4)).isEqualTo(Duration.ofMillis(1000));
    assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void fullJitterReachesDownToZero() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), LOWEST);
    assertThat(b.delay(5)).isZero();
  }

  @Property(tries = 200)
  void everyDelayLiesInItsWindow(
      @ForAll @IntRange(min = 0, max = 100) int attempt, @ForAll long seed) {
    Backoff b =
        new Backoff(Duration.ofMillis(50), Duration.ofSeconds(30), new SplittableRandom(seed));
    Duration d = b.delay(attempt);
    assertThat(d).isBetween(Duration.ZERO, b.ceiling(attempt));
    assertThat(b.ceiling(attempt)).isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aCapBelowTheBaseIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), LOWEST))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
