package io.fleetlearn.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ShardTest {
  @Test
  void everyMember_runsInExactlyOneShard_andSizesAddUpToTheFleet() {
    int members = 23;
    for (int count = 1; count <= 5; count++) {
      int n = count;
      IntStream.range(0, members)
          .forEach(
              k ->
                  assertThat(IntStream.range(0, n).filter(i -> new Shard(i, n).runs(k)).count())
                      .as("member %d of %d shards", k, n)
                      .isEqualTo(1));
      assertThat(IntStream.range(0, n).map(i -> new Shard(i, n).size(members)).sum())
          .isEqualTo(members);
      IntStream.range(0, n)
          .forEach(
              i ->
                  assertThat(new Shard(i, n).size(members))
                      .isEqualTo(
                          (int)
                              IntStream.range(0, members)
                                  .filter(k -> new Shard(i, n).runs(k))
                                  .count()));
    }
  }

  @Test
  void onlyShardZero_leads() {
    assertThat(Shard.WHOLE.lead()).isTrue();
    assertThat(new Shard(0, 3).lead()).isTrue();
    assertThat(new Shard(2, 3).lead()).isFalse();
  }

  @Test
  void indexOutsideTheCount_isRefused_namingTheRange() {
    assertThatThrownBy(() -> new Shard(2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--shard-index (2) must be in [0, 1] for 2 shards");
    assertThatThrownBy(() -> new Shard(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--shard-count (0) must be at least 1");
  }
}
