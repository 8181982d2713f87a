package io.fleetlearn.simulator.device;

import io.fleetlearn.device.client.DeviceClient;
import io.fleetlearn.device.config.DataFiles;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.eligibility.Eligibility;
import io.fleetlearn.device.train.TrainingSlots;
import io.fleetlearn.device.transport.PahoSettings;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.device.transport.TlsSettings;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.simulator.bus.LocalBroker;
import io.fleetlearn.simulator.bus.LocalDeviceTransport;
import io.fleetlearn.simulator.data.IdxPair;
import io.fleetlearn.simulator.fleet.Battery;
import io.fleetlearn.simulator.fleet.FleetMember;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device: its folder ({@code data/} for the client's state, {@code shard/} for its
 * training data, {@code root/} for its {@code /proc} and {@code /sys}), the unchanged {@link
 * DeviceClient} on a real Paho connection (or the in-process bus) wrapped in an {@link
 * EmulatedLink}, its battery, and its dropouts: a dropped device's client is closed and started
 * again after the link's offline time.
 */
public final class VirtualDevice implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualDevice.class);

  /** Battery level under which a device declines tasks (unless charging). */
  public static final double MIN_BATTERY_PERCENT = 20;

  private final FleetMember member;
  private final Connection connection;
  private final Threads threads;
  private final long seed;
  private final DeviceConfig config;
  private final SystemRoot system;
  private final AtomicInteger dropouts = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private double batteryPercent;
  private DeviceClient client;
  private boolean offline;
  private boolean closed;

  /**
   * Where the devices connect.
   *
   * @param brokerUri {@code tcp://host:port} or {@code ssl://host:port}
   * @param fleet the fleet id
   * @param passwordFile the shared device password (each device logs in with its id as user name)
   * @param caFile the CA certificates to trust for an {@code ssl://} broker
   * @param bus the in-process bus the devices use instead of MQTT, if any
   */
  public record Connection(
      String brokerUri,
      String fleet,
      Path passwordFile,
      Optional<Path> caFile,
      Optional<LocalBroker> bus) {
    /** A plain {@code tcp://} connection. */
    public Connection(String brokerUri, String fleet, Path passwordFile) {
      this(brokerUri, fleet, passwordFile, Optional.empty(), Optional.empty());
    }

    /** A {@code tcp://} or {@code ssl://} connection. */
    public Connection(String brokerUri, String fleet, Path passwordFile, Optional<Path> caFile) {
      this(brokerUri, fleet, passwordFile, caFile, Optional.empty());
    }

    /** Over the in-process {@code bus} instead of MQTT (the broker URI is then only a label). */
    public static Connection inProcess(LocalBroker bus, String fleet, Path passwordFile) {
      // The client's config wants a tcp:// URI; .invalid (RFC 2606) never resolves, should
      // anything try.
      return new Connection(
          "tcp://in-process.invalid:1883", fleet, passwordFile, Optional.empty(), Optional.of(bus));
    }
  }

  /**
   * How often the client does its periodic work.
   *
   * @param statusInterval how often it refreshes its retained status
   * @param benchmark how long its compute benchmark runs at start
   */
  public record Tuning(Duration statusInterval, Duration benchmark) {
    /** A status every 2 s, a 50 ms benchmark: right for a few dozen devices. */
    public static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(2), Duration.ofMillis(50));
  }

  /**
   * The threads devices share.
   *
   * @param deliveries hands received messages to the clients after their link delay; never blocks
   * @param lifecycle closes and restarts dropped-out clients (which blocks for a while)
   * @param training how many devices' rounds run at once
   */
  public record Threads(
      ScheduledExecutorService deliveries,
      ScheduledExecutorService lifecycle,
      TrainingSlots training) {}

  private VirtualDevice(
      FleetMember member,
      Connection connection,
      Threads threads,
      long seed,
      DeviceConfig config,
      SystemRoot system) {
    this.member = member;
    this.connection = connection;
    this.threads = threads;
    this.seed = seed;
    this.config = config;
    this.system = system;
    Battery b = member.profile().battery();
    this.batteryPercent = b == null ? Double.NaN : b.percent();
  }

  /**
   * Lays out the device's folder and writes its shard; call {@link #start} to connect.
   *
   * @param folder the device's own folder, created if missing
   * @param shard its training examples
   * @param test its own held-out examples, for federated evaluation tasks (may be empty)
   */
  public static VirtualDevice prepare(
      FleetMember member,
      Connection connection,
      Path folder,
      IdxPair shard,
      IdxPair test,
      Threads threads,
      long seed)
      throws IOException {
    return prepare(member, connection, folder, shard, test, threads, seed, Tuning.DEFAULT);
  }

  /** As {@link #prepare(FleetMember, Connection, Path, IdxPair, IdxPair, Threads, long)}. */
  public static VirtualDevice prepare(
      FleetMember member,
      Connection connection,
      Path folder,
      IdxPair shard,
      IdxPair test,
      Threads threads,
      long seed,
      Tuning tuning)
      throws IOException {
    Path data = Files.createDirectories(folder.resolve("shard"));
    Path images = data.resolve("train-images.idx");
    Path labels = data.resolve("train-labels.idx");
    shard.write(images, labels);
    Optional<DataFiles> testFiles = Optional.empty();
    if (test.size() > 0) {
      Path testImages = data.resolve("test-images.idx");
      Path testLabels = data.resolve("test-labels.idx");
      test.write(testImages, testLabels);
      testFiles = Optional.of(DataFiles.idx(testImages, testLabels, 10));
    }
    SystemRoot system = SystemRoot.write(folder.resolve("root"), member.profile());
    Eligibility rules =
        new Eligibility(
            false,
            member.profile().battery() == null ? null : MIN_BATTERY_PERCENT,
            null,
            null,
            null);
    DeviceConfig config =
        new DeviceConfig(
            member.deviceId(),
            connection.fleet(),
            connection.brokerUri(),
            Optional.of(member.deviceId()),
            Optional.of(connection.passwordFile()),
            connection.caFile(),
            Files.createDirectories(folder.resolve("data")),
            DataFiles.idx(images, labels, 10),
            testFiles,
            rules,
            tuning.statusInterval(),
            DeviceConfig.DEFAULT_MAX_MODEL_FRAME_BYTES,
            DeviceConfig.DEFAULT_MAX_MODEL_FRAME_BYTES + DeviceConfig.PACKET_HEADROOM_BYTES,
            system.root(),
            tuning.benchmark(),
            Duration.ofMinutes(2));
    return new VirtualDevice(member, connection, threads, seed, config, system);
  }

  public FleetMember member() {
    return member;
  }

  /** Dropouts so far. */
  public int dropouts() {
    return dropouts.get();
  }

  /** Starts the client on a new connection (real MQTT, or the in-process bus). */
  public synchronized void start() throws IOException {
    if (closed) {
      return;
    }
    byte[] password =
        Files.readString(connection.passwordFile()).strip().getBytes(StandardCharsets.UTF_8);
    PahoSettings settings =
        PahoSettings.of(connection.brokerUri(), member.deviceId())
            .withMaximumPacketSize(config.maxPacketBytes())
            .withCredentials(member.deviceId(), password);
    if (connection.caFile().isPresent()) {
      settings = settings.withTls(TlsSettings.caFile(connection.caFile().get()));
    }
    // The same client either way; only what carries its messages differs.
    PahoSettings paho = settings;
    Transport transport =
        connection
            .bus()
            .<Transport>map(
                bus ->
                    new LocalDeviceTransport(
                        bus, member.deviceId(), paho.sessionExpiry(), config.maxPacketBytes()))
            .orElseGet(() -> new PahoTransport(paho));
    EmulatedLink link =
        new EmulatedLink(
            transport,
            Topics.of(connection.fleet()),
            member.deviceId(),
            member.link(),
            member.profile().slowdown(),
            threads.deliveries(),
            seed + restarts.getAndIncrement(),
            new EmulatedLink.Events() {
              @Override
              public void droppedOut() {
                dropOut();
              }

              @Override
              public void trained() {
                drain();
              }
            });
    client = DeviceClient.start(config, link, Optional.of(threads.training()));
    offline = false;
  }

  /** Whether the client is running and connected. */
  public synchronized boolean connected() {
    return client != null && !offline && client.connected();
  }

  private void dropOut() {
    dropouts.incrementAndGet();
    // Not on the transport thread that told us: closing waits for the connection to go.
    threads
        .lifecycle()
        .execute(
            () -> {
              synchronized (this) {
                if (offline || closed) {
                  return;
                }
                offline = true;
                LOG.info(
                    "{} dropped out for {} s", member.deviceId(), member.link().offlineSeconds());
                client.close();
              }
              threads
                  .lifecycle()
                  .schedule(this::comeBack, member.link().offlineSeconds(), TimeUnit.SECONDS);
            });
  }

  private void comeBack() {
    try {
      start();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} could not come back: {}", member.deviceId(), e.toString());
    }
  }

  private synchronized void drain() {
    Battery b = member.profile().battery();
    if (b == null || b.charging()) {
      return;
    }
    batteryPercent = Math.max(0, batteryPercent - b.drainPerRound());
    system.battery(batteryPercent, false);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null && !offline) {
      client.close();
    }
  }
}
