package io.fleetlearn.coordinator.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * Every metric the coordinator exports, so that names and tags are defined in one place. In
 * Prometheus format the names gain {@code _total} (counters) and {@code _seconds} (timers).
 *
 * <ul>
 *   <li>{@code fleetlearn.rounds{type, outcome}}: rounds closed, by task type (train, evaluate) and
 *       outcome (closed, abandoned)
 *   <li>{@code fleetlearn.updates.received}: update frames received (before validation)
 *   <li>{@code fleetlearn.updates.rejected{reason}}: updates refused, by reason
 *   <li>{@code fleetlearn.bytes{direction}}: MQTT payload bytes in (updates) and out (models,
 *       tasks)
 *   <li>{@code fleetlearn.update.bytes}: size distribution of accepted update frames
 *   <li>{@code fleetlearn.aggregation}: time from the last accepted update to the stored model
 *   <li>{@code fleetlearn.devices.online}: devices whose last status is not offline
 *   <li>{@code fleetlearn.status.rejected{reason}}: device statuses refused, by reason
 * </ul>
 */
public final class FleetMetrics {
  private final MeterRegistry registry;
  private final Counter received;
  private final Counter bytesIn;
  private final Counter bytesOut;
  private final DistributionSummary updateBytes;
  private final Timer aggregation;

  public FleetMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.received =
        Counter.builder("fleetlearn.updates.received")
            .description("Update frames received, before validation")
            .register(registry);
    this.bytesIn = bytes("in");
    this.bytesOut = bytes("out");
    this.updateBytes =
        DistributionSummary.builder("fleetlearn.update.bytes")
            .description("Size of accepted update frames")
            .baseUnit("bytes")
            .register(registry);
    this.aggregation =
        Timer.builder("fleetlearn.aggregation")
            .description("Time from the last accepted update to the stored new model")
            .register(registry);
  }

  /** The registry the metrics live in (the HTTP layer scrapes it). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Reports the number of online devices by calling {@code online} at each scrape. */
  public void devicesOnline(IntSupplier online) {
    Gauge.builder("fleetlearn.devices.online", online::getAsInt)
        .description("Devices whose last status is not offline")
        .register(registry);
  }

  public void updateReceived(long bytes) {
    received.increment();
    bytesIn.increment(bytes);
  }

  public void updateAccepted(long bytes) {
    updateBytes.record(bytes);
  }

  /** Counts a refused update; {@code reason} is a short kebab-case word, e.g. {@code shape}. */
  public void updateRejected(String reason) {
    Counter.builder("fleetlearn.updates.rejected")
        .description("Updates refused, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Counts a refused device status; {@code reason} e.g. {@code impersonation}. */
  public void statusRejected(String reason) {
    Counter.builder("fleetlearn.status.rejected")
        .description("Device statuses refused, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void bytesOut(long bytes) {
    bytesOut.increment(bytes);
  }

  /** Counts a finished round: {@code type} train or evaluate, {@code outcome} closed/abandoned. */
  public void roundFinished(String type, String outcome) {
    Counter.builder("fleetlearn.rounds")
        .description("Rounds finished, by type and outcome")
        .tag("type", type)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void aggregated(Duration took) {
    aggregation.record(took);
  }

  private Counter bytes(String direction) {
    return Counter.builder("fleetlearn.bytes")
        .description("MQTT payload bytes, by direction")
        .baseUnit("bytes")
        .tag("direction", direction)
        .register(registry);
  }
}
