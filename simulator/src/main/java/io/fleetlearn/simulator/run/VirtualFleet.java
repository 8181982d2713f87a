package io.fleetlearn.simulator.run;

import io.fleetlearn.simulator.data.DirichletSplit;
import io.fleetlearn.simulator.data.IdxPair;
import io.fleetlearn.simulator.device.VirtualDevice;
import io.fleetlearn.simulator.fleet.FleetMember;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The virtual devices of a run: their shards, folders, shared threads, start and stop. */
final class VirtualFleet implements AutoCloseable {
  private final List<VirtualDevice> devices = new ArrayList<>();
  private final ScheduledExecutorService deliveries;
  private final ScheduledExecutorService lifecycle;

  private VirtualFleet() {
    deliveries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-link"));
    ScheduledThreadPoolExecutor l = new ScheduledThreadPoolExecutor(2, r -> daemon(r, "sim-life"));
    l.setRemoveOnCancelPolicy(true);
    lifecycle = l;
  }

  /**
   * Splits {@code train} over the members (Dirichlet over labels) and lays out each device under
   * {@code folder/devices/{id}}; nothing connects yet.
   */
  static VirtualFleet prepare(
      List<FleetMember> members,
      VirtualDevice.Connection connection,
      IdxPair train,
      Path testImages,
      Path testLabels,
      Settings settings,
      VirtualDevice.Tuning tuning,
      Path folder)
      throws IOException {
    int[][] shards =
        DirichletSplit.split(
            train.labelArray(),
            10,
            members.size(),
            settings.alpha(),
            settings.seed(),
            settings.minPerDevice());
    VirtualFleet fleet = new VirtualFleet();
    VirtualDevice.Threads threads = new VirtualDevice.Threads(fleet.deliveries, fleet.lifecycle);
    try {
      for (int i = 0; i < members.size(); i++) {
        FleetMember m = members.get(i);
        fleet.devices.add(
            VirtualDevice.prepare(
                m,
                connection,
                folder.resolve("devices").resolve(m.deviceId()),
                train.select(shards[i]),
                testImages,
                testLabels,
                threads,
                settings.seed() * 31 + i,
                tuning));
      }
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** Starts every client (each runs its short benchmark and connects). */
  void start() throws IOException {
    for (VirtualDevice d : devices) {
      d.start();
    }
  }

  int size() {
    return devices.size();
  }

  int connected() {
    return (int) devices.stream().filter(VirtualDevice::connected).count();
  }

  /** Dropouts of every device so far. */
  int dropouts() {
    return devices.stream().mapToInt(VirtualDevice::dropouts).sum();
  }

  /** "4 × pi-zero-2w on lte, ..." */
  String summary() {
    Map<String, Integer> groups = new TreeMap<>();
    for (VirtualDevice d : devices) {
      groups.merge(d.member().profileName() + " on " + d.member().linkName(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    groups.forEach((k, v) -> parts.add(v + " × " + k));
    return String.join(", ", parts);
  }

  @Override
  public void close() {
    lifecycle.shutdownNow();
    // Closing one client takes a clean MQTT disconnect; in parallel the fleet goes in seconds.
    devices.parallelStream().forEach(VirtualDevice::close);
    deliveries.shutdownNow();
    try {
      lifecycle.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
