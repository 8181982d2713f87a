package io.fleetlearn.simulator.fleet;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * One row of a trace: at {@code seconds} after the training started, {@code event} happens to
 * {@code device}. See {@link Trace} for the file format.
 *
 * @param seconds seconds since the training started, finite and {@code >= 0}
 * @param device the device id
 * @param event what happens
 * @param amount the event's number (battery percent, 1 or 0 for charging on or off, kbit/s,
 *     milliseconds, loss chance), or NaN for presence events
 * @param cause for presence events, why ({@code dropout}, {@code churn}, ...; may be empty); empty
 *     for the others
 */
public record TraceEvent(double seconds, String device, Kind event, double amount, String cause) {

  /** What can happen to a device. */
  public enum Kind {
    /** Loses the network: the client closes (offline status), until {@link #ONLINE}. */
    OFFLINE(true),
    /** Comes back: a new connection with the same data folder. */
    ONLINE(true),
    /** Leaves the fleet (switched off, taken away) until {@link #JOIN}. */
    LEAVE(true),
    /** Joins the fleet; a device whose first event is a join is not there at the start. */
    JOIN(true),
    /** The battery level, percent in [0, 100]. */
    BATTERY(false),
    /** On or off the charger. */
    CHARGING(false),
    /** The link's bandwidth, kbit/s in [1, 10000000]. */
    BANDWIDTH(false),
    /** The link's one-way latency, milliseconds in [0, 60000]. */
    LATENCY(false),
    /** The link's chance that a message needs a retransmission, in [0, 0.5]. */
    LOSS(false);

    private final boolean presence;

    Kind(boolean presence) {
      this.presence = presence;
    }

    /** Whether this event takes the device off or onto the network (its value is a cause). */
    public boolean presence() {
      return presence;
    }

    /** The name in a trace file. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TraceEvent {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(event, "event");
    cause = Objects.requireNonNullElse(cause, "");
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("seconds (" + seconds + ") must be finite and >= 0");
    }
  }

  /** A presence event ({@code offline}, {@code online}, {@code leave}, {@code join}). */
  public static TraceEvent presence(double seconds, String device, Kind event, String cause) {
    if (!event.presence()) {
      throw new IllegalArgumentException(event.label() + " is not a presence event");
    }
    return new TraceEvent(seconds, device, event, Double.NaN, cause);
  }

  /** An event with a number (battery, charging as 1 or 0, bandwidth, latency, loss). */
  public static TraceEvent of(double seconds, String device, Kind event, double amount) {
    if (event.presence()) {
      throw new IllegalArgumentException(event.label() + " takes a cause, not a number");
    }
    return new TraceEvent(seconds, device, event, amount, "");
  }

  /** The row as written in a trace file (no line end). */
  public String csv() {
    return number(seconds) + "," + device + "," + event.label() + "," + value();
  }

  /** The value column. */
  public String value() {
    if (event.presence()) {
      return cause;
    }
    if (event == Kind.CHARGING) {
      return amount != 0 ? "on" : "off";
    }
    return number(amount);
  }

  /** Plain decimal, at most 3 places, no exponent: what the parser accepts. */
  static String number(double x) {
    return new BigDecimal(x)
        .setScale(3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }
}
