package io.fleetlearn.simulator.run;

/** Told what a simulation is doing, on the simulation's thread. */
public interface ProgressListener {
  /** The coordinator is up and the fleet connected; {@code dashboard} is its HTTP address. */
  void started(String dashboard, int devices, String dataSource, String runFolder);

  /** Every device is online, {@code seconds} after the fleet started, over {@code transport}. */
  default void online(int devices, double seconds, TransportKind transport) {}

  /** A round was evaluated. */
  void round(RoundRecord record, int totalRounds);

  /**
   * A shard that does not lead found the training its devices take part in; it waits for its end.
   */
  default void joined(String trainingId, String name) {}

  /**
   * The training ended and the coordinator stays up at {@code dashboard} until the simulation is
   * released ({@link Settings#keepOpen()}).
   */
  default void keptOpen(Outcome outcome, String dashboard) {}
}
