package io.fleetlearn.simulator.fleet;

/**
 * Which members of the fleet one process runs when a fleet is spread over several processes (a
 * Kubernetes Indexed Job, say): member {@code k} belongs to shard {@code k % count}. Device ids and
 * the data split are those of the whole fleet, so shards never collide and every shard gives a
 * device the same data.
 *
 * @param index this process's shard, in [0, count)
 * @param count how many shards share the fleet, at least 1
 */
public record Shard(int index, int count) {
  /** One process runs the whole fleet. */
  public static final Shard WHOLE = new Shard(0, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("--shard-count (" + count + ") must be at least 1");
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "--shard-index ("
              + index
              + ") must be in [0, "
              + (count - 1)
              + "] for "
              + count
              + " shards (it defaults to JOB_COMPLETION_INDEX when that is set)");
    }
  }

  /** Whether fleet member {@code k} (its position in the fleet file's order) runs here. */
  public boolean runs(int k) {
    return k % count == index;
  }

  /** Shard 0 creates and starts the training, evaluates it and writes the reports. */
  public boolean lead() {
    return index == 0;
  }

  /** How many of a fleet of {@code members} devices run here. */
  public int size(int members) {
    return members / count + (index < members % count ? 1 : 0);
  }

  @Override
  public String toString() {
    return "shard " + index + " of " + count;
  }
}
