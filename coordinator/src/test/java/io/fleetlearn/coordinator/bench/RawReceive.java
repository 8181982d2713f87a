package io.fleetlearn.coordinator.bench;

import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mqtt.MqttProbe;
import io.fleetlearn.testsupport.mqtt.Received;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;

/**
 * The baselines: the same frames from the same number of publishers through the same embedded
 * broker (authentication on), received by a plain Paho subscriber that does nothing with them; and
 * the rate at which one thread decodes them.
 */
final class RawReceive {
  private RawReceive() {}

  /** Receive rate: {@code rounds} bursts of one frame per device, as in the coordinator phase. */
  static PhaseResult mqtt(
      BenchBroker.Kind kind,
      String fleet,
      int devices,
      int rounds,
      IntFunction<List<byte[]>> framesOfRound)
      throws Exception {
    List<Burst> bursts = new ArrayList<>();
    try (BenchBroker broker = BenchBroker.start(kind, fleet, devices);
        MqttProbe receiver =
            MqttProbe.connect(
                broker.uri(), "raw-receiver", "coordinator", BenchBroker.COORDINATOR_PASSWORD, 0);
        DevicePool pool = new DevicePool(broker.uri(), fleet, devices)) {
      receiver.subscribe(Topics.of(fleet).allUpdates());
      for (int r = 1; r <= rounds; r++) {
        List<byte[]> frames = framesOfRound.apply(r);
        receiver.clearReceived();
        long start = System.nanoTime();
        pool.publishAll(frames);
        Awaitility.await("all updates of burst " + r)
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> receiver.receivedCount() >= devices);
        long end = receiver.received().stream().mapToLong(Received::nanos).max().orElseThrow();
        bursts.add(new Burst(devices, start, end));
      }
    }
    return new PhaseResult("raw MQTT receive, no validation (" + kind.label + ")", bursts);
  }

  /** Decode rate: each frame fully decoded (checksum, header, body), on one thread. */
  static PhaseResult decode(List<byte[]> frames, int passes) {
    DecodeLimits limits = DecodeLimits.defaults();
    long sink = 0;
    for (byte[] f : frames) { // warm-up
      sink += Frames.decode(f, limits).header().round();
    }
    List<Burst> bursts = new ArrayList<>();
    for (int p = 0; p < passes; p++) {
      long start = System.nanoTime();
      for (byte[] f : frames) {
        sink += Frames.decode(f, limits).model().size();
      }
      bursts.add(new Burst(frames.size(), start, System.nanoTime()));
    }
    if (sink == 42) {
      System.out.println(); // Keeps the JIT from dropping the decodes.
    }
    return new PhaseResult("decode only (one thread)", bursts);
  }
}
