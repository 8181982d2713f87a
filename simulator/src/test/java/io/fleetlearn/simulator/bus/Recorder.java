package io.fleetlearn.simulator.bus;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test receiver: records deliveries (acking them unless told not to), threads and losses. */
final class Recorder implements Receiver {
  final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  final List<BusException> losses = new CopyOnWriteArrayList<>();
  private final boolean autoAck;

  Recorder(boolean autoAck) {
    this.autoAck = autoAck;
  }

  static Recorder acking() {
    return new Recorder(true);
  }

  static Recorder notAcking() {
    return new Recorder(false);
  }

  @Override
  public void message(Delivery d) {
    threads.add(Thread.currentThread().getName());
    deliveries.add(d);
    if (autoAck) {
      d.ack().run();
    }
  }

  @Override
  public void lost(BusException reason) {
    losses.add(reason);
  }

  List<String> payloads() {
    return deliveries.stream().map(d -> new String(d.payload(), StandardCharsets.UTF_8)).toList();
  }

  List<String> topics() {
    return deliveries.stream().map(Delivery::topic).toList();
  }
}
