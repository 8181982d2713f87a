package io.fleetlearn.coordinator.store;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes collected in memory and applied by {@link Store#write} all together or not at all: a
 * receipt and the aggregate it changed go in one batch, so a crash never separates them.
 */
public final class Batch {
  /** One put (value non-null) or delete (value null). */
  record Op(Family family, byte[] key, byte[] value) {}

  private final List<Op> ops = new ArrayList<>();

  /** Adds a put; the arrays are copied, so the caller may reuse them. */
  public Batch put(Family family, byte[] key, byte[] value) {
    ops.add(new Op(family, key.clone(), value.clone()));
    return this;
  }

  /** Adds a delete of one key. */
  public Batch delete(Family family, byte[] key) {
    ops.add(new Op(family, key.clone(), null));
    return this;
  }

  /** The number of operations collected. */
  public int size() {
    return ops.size();
  }

  List<Op> ops() {
    return ops;
  }
}
