package io.fleetlearn.simulator.device;

import io.fleetlearn.simulator.fleet.TraceEvent;

/** Where virtual devices say what happened to them (see {@link TraceRecorder}); must not block. */
public interface Journal {
  /** Records nothing. */
  Journal NONE = (device, event, amount, cause) -> {};

  /**
   * @param amount the event's number, or NaN for presence events
   * @param cause for presence events, why ({@code dropout}, {@code churn}, {@code trace})
   */
  void record(String device, TraceEvent.Kind event, double amount, String cause);
}
