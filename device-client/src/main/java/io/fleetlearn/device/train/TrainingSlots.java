package io.fleetlearn.device.train;

import java.util.concurrent.Semaphore;

/**
 * How many local trainings of one JVM may run at the same time (the simulator's virtual devices
 * share a process). Trainers built with the same slots take a permit for a whole round, so at most
 * {@link #permits()} rounds run in parallel and the rest wait in arrival order. Trainers built
 * without slots take turns per step on DJL's process-wide gradient collector instead.
 */
public final class TrainingSlots {
  private final int permits;
  private final Semaphore semaphore;

  private TrainingSlots(int permits) {
    this.permits = permits;
    this.semaphore = new Semaphore(permits, true);
  }

  /**
   * Slots for {@code permits} concurrent rounds, at least 1. One intra-op thread per round is the
   * device default, so the number of cores is the useful upper bound.
   */
  public static TrainingSlots of(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("permits (" + permits + ") must be >= 1");
    }
    return new TrainingSlots(permits);
  }

  /** The most rounds that run at once. */
  public int permits() {
    return permits;
  }

  /** Waits for a slot; the returned permit frees it when closed. */
  Permit acquire() {
    semaphore.acquireUninterruptibly();
    return semaphore::release;
  }

  /** A held slot. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }
}
