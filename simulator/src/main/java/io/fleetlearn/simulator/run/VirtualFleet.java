package io.fleetlearn.simulator.run;

import io.fleetlearn.device.train.TrainingSlots;
import io.fleetlearn.simulator.data.DirichletSplit;
import io.fleetlearn.simulator.data.IdxPair;
import io.fleetlearn.simulator.device.TraceRecorder;
import io.fleetlearn.simulator.device.TraceReplay;
import io.fleetlearn.simulator.device.VirtualDevice;
import io.fleetlearn.simulator.fleet.FleetMember;
import io.fleetlearn.simulator.fleet.Shard;
import io.fleetlearn.simulator.fleet.Trace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The virtual devices of a run: their shards, folders, shared threads, start and stop, the trace
 * replayed against them and the one recorded from them ({@code trace.csv} in the run folder).
 */
final class VirtualFleet implements AutoCloseable {
  /** The run's record of what happened to the devices, in the trace format. */
  static final String TRACE_FILE = "trace.csv";

  private final List<VirtualDevice> devices = new ArrayList<>();
  private TraceRecorder recorder;
  private TraceReplay replay;
  private final ScheduledExecutorService deliveries;
  private final ScheduledExecutorService lifecycle;

  private VirtualFleet() {
    deliveries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sim-link"));
    ScheduledThreadPoolExecutor l = new ScheduledThreadPoolExecutor(2, r -> daemon(r, "sim-life"));
    l.setRemoveOnCancelPolicy(true);
    lifecycle = l;
  }

  /**
   * Splits {@code train} over the members (Dirichlet over labels) and lays out each device of
   * {@code shard} under {@code folder/devices/{id}}; nothing connects yet. The splits are over the
   * whole fleet, so every shard gives a device the same examples. Each device also gets its own
   * share of {@code test} (split the same way, with another seed) for federated evaluation tasks: a
   * device holding the whole test set would cost 31 MB of floats each, 3 GB for 100 devices.
   */
  static VirtualFleet prepare(
      List<FleetMember> members,
      Shard shard,
      VirtualDevice.Connection connection,
      IdxPair train,
      IdxPair test,
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
    int[][] testShards =
        DirichletSplit.split(
            test.labelArray(),
            10,
            members.size(),
            settings.alpha(),
            settings.seed() + 1,
            // At least one each only where that is easy to draw: with thousands of devices and a
            // few test examples each, no Dirichlet draw gives every device one.
            test.size() >= 10L * members.size() ? 1 : 0);
    VirtualFleet fleet = new VirtualFleet();
    VirtualDevice.Threads threads =
        new VirtualDevice.Threads(
            fleet.deliveries, fleet.lifecycle, TrainingSlots.of(settings.trainingSlots()));
    try {
      fleet.recorder = TraceRecorder.create(folder.resolve(TRACE_FILE));
      for (int i = 0; i < members.size(); i++) {
        if (!shard.runs(i)) {
          continue;
        }
        FleetMember m = members.get(i);
        fleet.devices.add(
            VirtualDevice.prepare(
                m,
                connection,
                folder.resolve("devices").resolve(m.deviceId()),
                train.select(shards[i]),
                test.select(testShards[i]),
                threads,
                settings.seed() * 31 + i,
                fleet.recorder,
                tuning));
      }
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /**
   * Starts every client (each runs its short benchmark and connects), except those the trace has
   * join later.
   *
   * @return how many started
   */
  int start(Settings.Replay replay) throws IOException {
    int started = 0;
    for (VirtualDevice d : devices) {
      if (replay.trace().joinsLater(d.member().deviceId())) {
        d.absent();
      } else {
        d.start();
        started++;
      }
    }
    return started;
  }

  /** Starts every client. */
  void start() throws IOException {
    start(Settings.Replay.NONE);
  }

  /**
   * Time 0 of the trace (replayed and recorded) and of churn: the training started. Records every
   * battery's level, then starts the replay.
   */
  void begin(Settings.Replay r) {
    recorder.begin();
    devices.forEach(VirtualDevice::recordBattery);
    devices.forEach(VirtualDevice::beginChurn);
    Map<String, VirtualDevice> byId = new HashMap<>();
    devices.forEach(d -> byId.put(d.member().deviceId(), d));
    // A shard replays the rows of its own devices; the other shards replay theirs.
    Trace mine =
        new Trace(r.trace().events().stream().filter(e -> byId.containsKey(e.device())).toList());
    if (!mine.events().isEmpty()) {
      replay = new TraceReplay(mine, r.speed(), byId);
      replay.start();
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
  static String summary(List<FleetMember> members) {
    Map<String, Integer> groups = new TreeMap<>();
    for (FleetMember m : members) {
      groups.merge(m.profileName() + " on " + m.linkName(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    groups.forEach((k, v) -> parts.add(v + " × " + k));
    return String.join(", ", parts);
  }

  @Override
  public void close() {
    if (replay != null) {
      replay.close();
    }
    lifecycle.shutdownNow();
    // Closing one client takes a clean MQTT disconnect; in parallel the fleet goes in seconds.
    devices.parallelStream().forEach(VirtualDevice::close);
    deliveries.shutdownNow();
    try {
      lifecycle.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (recorder != null) {
      recorder.close();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
