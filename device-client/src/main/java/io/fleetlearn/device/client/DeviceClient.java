package io.fleetlearn.device.client;

import io.fleetlearn.device.config.DataFiles;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.data.Dataset;
import io.fleetlearn.device.inference.ModelStore;
import io.fleetlearn.device.probe.ComputeBenchmark;
import io.fleetlearn.device.probe.LinkMeter;
import io.fleetlearn.device.probe.ResourceProbe;
import io.fleetlearn.device.probe.SystemFiles;
import io.fleetlearn.device.train.TrainingSlots;
import io.fleetlearn.device.transport.Backoff;
import io.fleetlearn.device.transport.Outbox;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.device.transport.ReconnectSupervisor;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.message.ProtocolException;
import io.fleetlearn.protocol.message.TaskMessage;
import io.fleetlearn.protocol.message.TaskType;
import io.fleetlearn.protocol.topic.Topics;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device program. On {@link #start} it runs the compute benchmark, connects through a {@link
 * ReconnectSupervisor} with its offline status as will, keeps its retained status fresh and takes
 * tasks from {@code device/{id}/task}, one at a time on a single worker thread: a second task while
 * busy is declined. A task that fails validation, a deadline already passed, a failed eligibility
 * rule or a refused model frame become a {@link io.fleetlearn.protocol.message.Decline} in the
 * status; the device carries on with the model it had. Updates go to {@code device/{id}/update} at
 * QoS 1, or into the {@link Outbox} when offline (sent on reconnect while their round is open);
 * evaluation results go into the status as an {@link
 * io.fleetlearn.protocol.message.EvaluationReport}.
 */
public final class DeviceClient implements AutoCloseable {
  /** Reported in the status for the coordinator's registry. */
  public static final String CLIENT_VERSION = "0.1.0";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceClient.class);
  private static final int OUTBOX_FILES = 16;

  private final DeviceConfig config;
  private final Topics topics;
  private final Messages messages = new Messages();
  private final Transport transport;
  private final ClientState state;
  private final LinkMeter link = new LinkMeter(0.3);
  private final ScheduledExecutorService scheduler;
  private final ExecutorService worker;
  private final SecureRandom nonces = new SecureRandom();
  private ResourceProbe probe;
  private StatusPublisher status;
  private UpdateSender sender;
  private RoundRunner runner;
  private ReconnectSupervisor supervisor;
  private final Optional<TrainingSlots> slots;

  private DeviceClient(DeviceConfig config, Transport transport, Optional<TrainingSlots> slots) {
    this.config = config;
    this.slots = slots;
    this.topics = Topics.of(config.fleet());
    this.transport = transport;
    this.state = new ClientState(config.deviceId(), CLIENT_VERSION);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "status"));
    this.worker = Executors.newSingleThreadExecutor(r -> thread(r, "worker"));
  }

  /** Starts a device on the Paho transport the config describes. */
  public static DeviceClient start(DeviceConfig config) throws IOException {
    return start(config, new PahoTransport(Connections.settings(config)));
  }

  /** Starts a device on {@code transport} (which it closes when closed). */
  public static DeviceClient start(DeviceConfig config, Transport transport) {
    return start(config, transport, Optional.empty());
  }

  /**
   * Starts a device on {@code transport} whose training rounds share {@code slots} with the other
   * devices of this JVM (the simulator's virtual devices): up to its permits run in parallel, each
   * on its own thread, instead of taking turns per step on DJL's process-wide gradient collector.
   */
  public static DeviceClient start(
      DeviceConfig config, Transport transport, Optional<TrainingSlots> slots) {
    DeviceClient client = new DeviceClient(config, transport, slots);
    try {
      client.open();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    return client;
  }

  private void open() {
    Dataset train = config.trainData().load();
    var test = config.testData().map(DataFiles::load);
    double gflops = ComputeBenchmark.gflops(config.benchmark());
    LOG.info(
        "{}: {} training examples, benchmark {} GFLOPS", config.deviceId(), train.size(), gflops);
    probe = new ResourceProbe(new SystemFiles(config.systemRoot()), link, gflops);
    status =
        new StatusPublisher(
            topics.status(config.deviceId()),
            config.deviceId(),
            CLIENT_VERSION,
            transport,
            state,
            probe,
            this::connected);
    Outbox outbox =
        Outbox.open(
            config.outboxFolder(), new Outbox.Limits(config.maxModelFrameBytes(), OUTBOX_FILES));
    sender = new UpdateSender(transport, outbox, link, state, this::connected, scheduler);
    ModelFetcher fetcher =
        new ModelFetcher(
            transport, topics, config.decodeLimits(), new ModelStore(config.modelFolder()));
    runner =
        new RoundRunner(
            config.deviceId(),
            fetcher,
            new ResidualStore(config.residualFolder()),
            train,
            test,
            slots);
    supervisor =
        new ReconnectSupervisor(
            transport,
            status.offline(),
            scheduler,
            Backoff.defaults(new SplittableRandom(nonces.nextLong())),
            Duration.ofMinutes(1));
    supervisor.subscribe(topics.task(config.deviceId()), 1, this::onTask);
    supervisor.onConnected(
        () -> {
          status.publish();
          sender.flush();
        });
    supervisor.start();
    long every = config.statusInterval().toMillis();
    scheduler.scheduleAtFixedRate(status::publish, every, every, TimeUnit.MILLISECONDS);
  }

  /** The status the device would publish now. */
  public DeviceStatus status() {
    return status.current();
  }

  /** Whether the transport is connected now. */
  public boolean connected() {
    return supervisor != null && supervisor.state().connected();
  }

  /** Runs on a transport thread: validates and hands the task to the worker, never blocks. */
  private void onTask(String topic, byte[] payload) {
    TaskMessage task;
    try {
      task = messages.read(payload, TaskMessage.class);
    } catch (ProtocolException e) {
      LOG.warn("task refused: {}", e.getMessage());
      declined(0, "task refused: " + e.getMessage());
      return;
    }
    long busy = state.tryStart(task.round());
    if (busy != 0) {
      LOG.info("declining round {}: busy with round {}", task.round(), busy);
      declined(task.round(), "busy with round " + busy);
      return;
    }
    try {
      worker.execute(() -> run(task));
    } catch (RejectedExecutionException e) {
      state.finish(); // Closing: the task is dropped, as it would be by a power cut.
    }
  }

  private void run(TaskMessage task) {
    long round = task.round();
    try {
      long left =
          RoundRunner.admit(
              task,
              config.eligibility(),
              probe.read(state.lastRoundSeconds()),
              System.currentTimeMillis());
      state.deadline(round, task.deadlineMillis());
      status.publish(); // busy
      Duration wait = Duration.ofMillis(Math.min(left, config.modelTimeout().toMillis()));
      if (task.type() == TaskType.EVALUATE) {
        state.evaluated(runner.evaluate(task, wait));
        state.modelVersion(task.modelVersion());
      } else {
        RoundRunner.Update update = runner.train(task, wait, nonces.nextLong());
        state.trained(update.seconds(), task.modelVersion());
        // Free before the update goes: the coordinator may answer it with the next task at once,
        // which must not be declined as "busy" (it waits for this single worker anyway).
        state.finish(round);
        sender.send(topics.update(config.deviceId()), update);
      }
    } catch (RoundRefusal e) {
      LOG.warn("round {} declined: {}", round, e.getMessage());
      state.decline(round, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("round {} failed", round, e);
      state.decline(round, "round failed: " + e);
    } finally {
      state.finish(round);
      status.publish();
    }
  }

  private void declined(long round, String reason) {
    state.decline(round, reason);
    scheduler.execute(status::publish);
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, "device-" + name);
    t.setDaemon(true);
    return t;
  }

  /** Publishes the offline status (a clean shutdown sends no will), then stops. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("a round is still running; closing anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (connected()) {
      try {
        transport.publish(status.offline());
      } catch (TransportException e) {
        LOG.debug("offline status not published: {}", e.reason());
      }
    }
    if (supervisor != null) {
      supervisor.close();
    } else {
      transport.close();
    }
    scheduler.shutdownNow();
    if (runner != null) {
      runner.close();
    }
  }
}
