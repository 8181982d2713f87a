package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlearn.compression.frame.DecodeLimits;
import io.fleetlearn.compression.pipeline.Frames;
import io.fleetlearn.compression.tensor.Model;
import io.fleetlearn.compression.tensor.Tensor;
import io.fleetlearn.coordinator.harness.ChildEvents;
import io.fleetlearn.coordinator.harness.CoordinatorChildMain;
import io.fleetlearn.coordinator.harness.SimulatedDevice;
import io.fleetlearn.coordinator.harness.UpdateFrames;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.testsupport.mosquitto.MosquittoProcess;
import io.fleetlearn.testsupport.mqtt.MqttProbe;
import io.fleetlearn.testsupport.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A coordinator in a JVM of its own is killed with SIGKILL in the middle of a round and restarted
 * on the same {@code DATA_DIR}, with Mosquitto (the shipped configuration) outside it keeping the
 * coordinator's session and the updates queued for it, as a deployment does. Every update the
 * broker acknowledged must end up folded in exactly once or rejected with a recorded reason, and
 * the new model must equal FedAvg over exactly the accepted updates, recomputed here from the
 * frames the devices sent.
 */
class CoordinatorCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorCrashTest.class);
  private static final String FLEET = "crash";
  private static final Topics TOPICS = Topics.of(FLEET);
  private static final String SPEC = "mlp(784, 32, 10)";
  private static final int DEVICES = 6;
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** FedAvg over float32 updates: the order of additions may differ from ours. */
  private static final float ALLOWED_ERROR = 1e-5f;

  @TempDir Path dir;

  /** Every child started, so that a failing test leaves no coordinator JVM behind. */
  private final List<ChildJvm> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(ChildJvm::close);
  }

  @BeforeAll
  static void needsMosquitto() {
    MosquittoProcess.assumeInstalled();
  }

  @Test
  void sigkillMidRound_losesNoAcknowledgedUpdate_countsNoneTwice_andTheModelIsTheFoldOfTheAccepted()
      throws Exception {
    MosquittoProcess.Builder setup =
        MosquittoProcess.in(dir.resolve("mosquitto")).shipped().user("coordinator", "c-pw");
    for (int i = 0; i < DEVICES; i++) {
      setup.user(id(i), "pw");
    }
    try (MosquittoProcess broker = setup.start();
        MqttProbe watcher = MqttProbe.connect(broker.uri(), "watcher", "coordinator", "c-pw", 0)) {
      watcher.subscribe(TOPICS.allModels());
      List<SimulatedDevice> devices = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        SimulatedDevice d = SimulatedDevice.connect(broker.uri(), FLEET, id(i), "pw");
        d.publishStatus();
        devices.add(d);
      }

      // Arrange: the first life of the coordinator opens round 1.
      ChildJvm first = coordinator(broker, "first.log", true);
      List<TaskMessage> tasks = new ArrayList<>();
      for (SimulatedDevice d : devices) {
        tasks.add(d.awaitTask(1, WAIT));
      }
      TaskMessage task = tasks.get(0);
      Model start =
          Frames.decode(
                  watcher.await(TOPICS.model(task.modelVersion(), task.variant()), WAIT).payload(),
                  DecodeLimits.defaults())
              .model();
      List<byte[]> frames = new ArrayList<>();
      for (int i = 0; i < DEVICES; i++) {
        frames.add(
            UpdateFrames.encode(
                tasks.get(i), id(i), UpdateFrames.delta(tasks.get(i), i), samples(i), 100 + i));
      }

      // Act: three updates are accepted; two more are acknowledged by the broker as the
      // coordinator dies; one more arrives, and one is replayed, while it is down.
      for (int i = 0; i < 3; i++) {
        assertThat(devices.get(i).publishUpdate(frames.get(i))).isLessThan(0x80);
      }
      await().atMost(WAIT).until(() -> ChildEvents.acceptedDevices(first.log(), 1).size() == 3);
      CompletableFuture<Integer> fourth = devices.get(3).publishUpdateAsync(frames.get(3));
      CompletableFuture<Integer> fifth = devices.get(4).publishUpdateAsync(frames.get(4));
      assertThat(fourth.get(10, TimeUnit.SECONDS)).isLessThan(0x80);
      assertThat(fifth.get(10, TimeUnit.SECONDS)).isLessThan(0x80);
      assertThat(first.kill()).isEqualTo(137);
      int acceptedBeforeKill = ChildEvents.acceptedDevices(first.log(), 1).size();
      // While it is down: d-0 replays its update (same nonce: the same update, already folded),
      // d-1 sends a second one (new nonce: refused as a duplicate), d-5 sends its first. The two
      // extra ones go first, so they meet the round still open.
      byte[] secondUpdate =
          UpdateFrames.encode(
              tasks.get(1), id(1), UpdateFrames.delta(tasks.get(1), 99), samples(1), 999);
      assertThat(devices.get(0).publishUpdate(frames.get(0))).isLessThan(0x80);
      assertThat(devices.get(1).publishUpdate(secondUpdate)).isLessThan(0x80);
      assertThat(devices.get(5).publishUpdate(frames.get(5))).isLessThan(0x80);

      // The second life, on the same DATA_DIR.
      ChildJvm second = coordinator(broker, "second.log", false);
      JsonNode up = awaitUp(second);
      double recoveryMillis = (System.nanoTime() - second.startedNanos()) / 1e6;
      // The restart may close the round (and open the next) before the child prints events:
      // then its start line already shows round 1 closed.
      JsonNode resumed = roundOne(up);
      JsonNode closed =
          "CLOSED".equals(resumed.path("state").asText()) ? resumed : awaitClosed(second);
      LOG.info(
          "crash test: {} updates accepted before SIGKILL; restart to round resumed {} ms"
              + " (JVM uptime at resume {} ms; the engine's own recovery: {}); round: {}",
          acceptedBeforeKill,
          String.format("%.0f", recoveryMillis),
          up.path("uptimeMillis").asLong(),
          second.log().lines().filter(l -> l.contains("recovered")).findFirst().orElse("-"),
          closed);

      // Assert: six devices, each folded in exactly once; the second update refused with a reason.
      // Resumed, not given up (queued updates may already have closed it by now).
      assertThat(resumed.path("state").asText()).isNotEqualTo("ABANDONED");
      assertThat(closed.path("accepted").asInt()).isEqualTo(DEVICES);
      // The round's view is the record: an "accepted" event can precede its receipt's group
      // commit, and such an update is delivered and accepted again after the restart.
      List<String> outcomes = new ArrayList<>();
      closed
          .path("assignments")
          .forEach(
              a -> outcomes.add(a.path("deviceId").asText() + "=" + a.path("outcome").asText()));
      assertThat(outcomes)
          .containsExactlyInAnyOrder(
              "d-0=ACCEPTED",
              "d-1=ACCEPTED",
              "d-2=ACCEPTED",
              "d-3=ACCEPTED",
              "d-4=ACCEPTED",
              "d-5=ACCEPTED");
      int rejected = 0;
      for (JsonNode n : closed.path("rejections")) {
        rejected += n.asInt();
      }
      assertThat(rejected).as("rejections: " + closed.path("rejections")).isEqualTo(1);
      assertThat(closed.path("rejections").path("duplicate").asInt()).isEqualTo(1);

      // Assert: the new model is FedAvg of exactly these six updates, computed independently.
      long version = closed.path("newModelVersion").asLong();
      Model published =
          Frames.decode(
                  watcher.await(TOPICS.model(version, task.variant()), WAIT).payload(),
                  DecodeLimits.defaults())
              .model();
      Model expected = fedAvg(start, frames);
      for (int t = 0; t < expected.size(); t++) {
        Tensor want = expected.tensor(t);
        Tensor got = published.tensor(want.name());
        for (int i = 0; i < want.size(); i++) {
          assertThat(got.get(i))
              .as(want.name() + "[" + i + "]")
              .isCloseTo(want.get(i), within(ALLOWED_ERROR));
        }
      }
      second.kill();
      for (SimulatedDevice d : devices) {
        d.close();
      }
    }
  }

  /** start + Σ nᵢ·Δᵢ / Σ nᵢ over the decoded update frames (what the coordinator sees). */
  private static Model fedAvg(Model start, List<byte[]> frames) {
    Model sum = start.zerosLike();
    double total = 0;
    for (int k = 0; k < frames.size(); k++) {
      Model delta = Frames.decode(frames.get(k), DecodeLimits.defaults()).model();
      double n = samples(k);
      total += n;
      for (int t = 0; t < sum.size(); t++) {
        Tensor s = sum.tensor(t);
        Tensor d = delta.tensor(s.name());
        for (int i = 0; i < s.size(); i++) {
          s.set(i, (float) (s.get(i) + n * d.get(i)));
        }
      }
    }
    Model out = start.copy();
    for (int t = 0; t < out.size(); t++) {
      Tensor o = out.tensor(t);
      Tensor s = sum.tensor(o.name());
      for (int i = 0; i < o.size(); i++) {
        o.set(i, (float) (o.get(i) + s.get(i) / total));
      }
    }
    return out;
  }

  /** Round 1 as the restarted coordinator's start line shows it. */
  private static JsonNode roundOne(JsonNode up) {
    for (JsonNode r : up.path("rounds")) {
      if (r.path("round").asLong() == 1) {
        return r;
      }
    }
    throw new AssertionError("no round 1 after the restart: " + up);
  }

  private JsonNode awaitUp(ChildJvm child) {
    child.awaitLine("^COORDINATOR-UP ", WAIT);
    return ChildEvents.up(child.log()).orElseThrow();
  }

  /** Round 1's closed view; fails with what the second life logged if it never closes. */
  private static JsonNode awaitClosed(ChildJvm child) {
    try {
      return await()
          .atMost(WAIT)
          .until(() -> ChildEvents.round(child.log(), 1, "CLOSED"), r -> r.isPresent())
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "round 1 did not close after the restart (an acknowledged update lost or refused?);"
              + " the restarted coordinator logged:\n"
              + child.tail(),
          e);
    }
  }

  private ChildJvm coordinator(MosquittoProcess broker, String log, boolean startTraining) {
    ChildJvm.Builder b =
        ChildJvm.of(CoordinatorChildMain.class.getName())
            .jvmArg("-Xmx384m")
            // Its own folder, as a deployment: not the module's conf/config.json (a demo config).
            .directory(dir)
            .env("DATA_DIR", dir.resolve("data").toString())
            .env("HTTP_PORT", "0")
            .env("FLEET", FLEET)
            .env("MQTT_URL", broker.uri())
            .env("MQTT_USERNAME", "coordinator")
            .env("MQTT_PASSWORD", "c-pw")
            .env("API_TOKEN", "token")
            .env("DEVICES", Integer.toString(DEVICES))
            // Two rounds: round 2 publishes the model round 1 made, which the test reads.
            .env("ROUNDS", "2")
            // Under target/, not the temporary folder: the logs are the evidence when this fails.
            .log(Path.of("target", "crash-test", log).toAbsolutePath());
    if (startTraining) {
      b.env("START_TRAINING", SPEC);
    }
    ChildJvm child = b.start();
    children.add(child);
    return child;
  }

  private static int samples(int device) {
    return 100 * (device + 1);
  }

  private static String id(int device) {
    return "d-" + device;
  }
}
