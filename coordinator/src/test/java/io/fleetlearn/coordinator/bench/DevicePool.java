package io.fleetlearn.coordinator.bench;

import io.fleetlearn.coordinator.harness.SimulatedDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;

/** The benchmark's publishers: one MQTT connection per simulated device, as a real fleet has. */
final class DevicePool implements AutoCloseable {
  static final String PASSWORD = "bench-device";

  private final List<SimulatedDevice> devices = new ArrayList<>();

  /** Connects {@code count} devices, a few at a time (each login costs a round trip or two). */
  DevicePool(String uri, String fleet, int count) throws Exception {
    ExecutorService connecting = Executors.newFixedThreadPool(32);
    try {
      List<Future<SimulatedDevice>> pending = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String id = id(i);
        pending.add(connecting.submit(() -> SimulatedDevice.connect(uri, fleet, id, PASSWORD)));
      }
      for (Future<SimulatedDevice> f : pending) {
        devices.add(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      connecting.shutdown();
    }
  }

  /** The id (and broker user name) of device {@code i}. */
  static String id(int i) {
    return String.format("b-%03d", i);
  }

  List<SimulatedDevice> devices() {
    return devices;
  }

  /** Every device publishes its frame at once; returns when the broker acknowledged them all. */
  void publishAll(List<byte[]> frames) throws Exception {
    List<CompletableFuture<Integer>> acks = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      acks.add(devices.get(i).publishUpdateAsync(frames.get(i)));
    }
    for (CompletableFuture<Integer> ack : acks) {
      int code = ack.get(60, TimeUnit.SECONDS);
      if (code >= 0x80) {
        throw new IllegalStateException("the broker refused an update: reason code " + code);
      }
    }
  }

  @Override
  public void close() throws MqttException {
    for (SimulatedDevice d : devices) {
      d.close();
    }
  }
}
