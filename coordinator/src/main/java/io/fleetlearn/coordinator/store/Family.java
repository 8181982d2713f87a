package io.fleetlearn.coordinator.store;

import java.nio.charset.StandardCharsets;

/** The column families of the coordinator's database, one per kind of record. */
public enum Family {
  /** Device registry: id → last status, history. */
  DEVICES("devices"),
  /** Round state machine records: round id → state. */
  ROUNDS("rounds"),
  /** Model frames: (version, variant) → frame. */
  MODELS("models"),
  /** Update receipts: (round, device, nonce) → outcome. */
  RECEIPTS("receipts"),
  /** Running aggregates of open rounds, written in the same batch as their receipts. */
  AGGREGATES("aggregates"),
  /** Schema version and other bookkeeping. */
  META("meta"),
  /** Trainings: training id → settings and state. */
  TRAININGS("trainings");

  private final String columnName;

  Family(String columnName) {
    this.columnName = columnName;
  }

  /** The name the column family has on disk; never change it once released. */
  public String columnName() {
    return columnName;
  }

  byte[] nameBytes() {
    return columnName.getBytes(StandardCharsets.UTF_8);
  }
}
