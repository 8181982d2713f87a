package io.fleetlearn.simulator.device;

import io.fleetlearn.device.client.DeviceClient;
import io.fleetlearn.device.config.DeviceConfig;
import io.fleetlearn.device.train.TrainingSlots;
import io.fleetlearn.device.transport.PahoSettings;
import io.fleetlearn.device.transport.PahoTransport;
import io.fleetlearn.device.transport.TlsSettings;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.simulator.bus.LocalBroker;
import io.fleetlearn.simulator.bus.LocalDeviceTransport;
import io.fleetlearn.simulator.data.IdxPair;
import io.fleetlearn.simulator.fleet.FleetMember;
import io.fleetlearn.simulator.fleet.LinkProfile;
import io.fleetlearn.simulator.fleet.TraceEvent;
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
 * EmulatedLink}, its battery, and its comings and goings: a dropped device's client is closed and
 * started again after the link's offline time; a churning device goes and comes back after
 * exponential times; a trace takes it off the network, brings it back and changes its battery and
 * link ({@link #apply}). Everything that happens is told to the {@link Journal}.
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
  private final Journal journal;
  private final AtomicInteger dropouts = new AtomicInteger();
  private final AtomicInteger restarts = new AtomicInteger();
  private final DeviceBattery battery;
  private LinkProfile linkProfile;
  private EmulatedLink link;
  private DeviceClient client;
  // Off the network, for whatever reason; then client is closed.
  private boolean offline;
  // Taken away by a trace: only the trace brings it back (no dropout or churn comeback).
  private boolean held;
  // Counts goings-off: a comeback scheduled for an earlier one does nothing.
  private long generation;
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
   * @param training how many devices' rounds run at once (each device waits for one at its
   *     profile's slow-down as priority)
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
      SystemRoot system,
      Journal journal) {
    this.member = member;
    this.connection = connection;
    this.threads = threads;
    this.seed = seed;
    this.config = config;
    this.system = system;
    this.journal = journal;
    this.linkProfile = member.link();
    this.battery =
        new DeviceBattery(member.deviceId(), member.profile().battery(), system, journal);
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
    return prepare(
        member, connection, folder, shard, test, threads, seed, Journal.NONE, Tuning.DEFAULT);
  }

  /**
   * As {@link #prepare(FleetMember, Connection, Path, IdxPair, IdxPair, Threads, long)}, telling
   * {@code journal} what happens to the device, with {@code tuning} for large fleets.
   */
  public static VirtualDevice prepare(
      FleetMember member,
      Connection connection,
      Path folder,
      IdxPair shard,
      IdxPair test,
      Threads threads,
      long seed,
      Journal journal,
      Tuning tuning)
      throws IOException {
    DeviceLayout layout = DeviceLayout.write(member, connection, folder, shard, test, tuning);
    return new VirtualDevice(
        member, connection, threads, seed, layout.config(), layout.system(), journal);
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
    link =
        new EmulatedLink(
            transport,
            Topics.of(connection.fleet()),
            member.deviceId(),
            linkProfile,
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
                battery.drain();
              }
            });
    // The slowest profiles train first: their stretch then overlaps the others' training.
    TrainingSlots slots =
        threads.training().withPriority((int) Math.round(member.profile().slowdown() * 100));
    client = DeviceClient.start(config, link, Optional.of(slots));
    offline = false;
    held = false;
  }

  /** Keeps the device off the network until a trace brings it: it joins later. */
  public synchronized void absent() {
    offline = true;
    held = true;
  }

  /** Whether the client is running and connected. */
  public synchronized boolean connected() {
    return client != null && !offline && client.connected();
  }

  /** Tells the journal the battery's state (at the start of the replayable part of a run). */
  public void recordBattery() {
    battery.record();
  }

  /**
   * Does what a trace row says, now; blocks while a client closes or starts. Events of one device
   * must come one after another, in order.
   */
  public void apply(TraceEvent e) throws IOException {
    switch (e.event()) {
      case OFFLINE, LEAVE -> away(e);
      case ONLINE, JOIN -> back(e);
      case BATTERY -> battery.level(e.amount());
      case CHARGING -> battery.charging(e.amount() != 0);
      case BANDWIDTH -> relink(e, linkProfile().withBandwidthKbps((long) e.amount()));
      case LATENCY -> relink(e, linkProfile().withLatencyMs((int) e.amount()));
      case LOSS -> relink(e, linkProfile().withLoss(e.amount()));
    }
  }

  private synchronized LinkProfile linkProfile() {
    return linkProfile;
  }

  private synchronized void away(TraceEvent e) {
    if (closed) {
      return;
    }
    held = true;
    if (!offline) {
      takeDown();
    }
    journal.record(member.deviceId(), e.event(), Double.NaN, cause(e));
  }

  private synchronized void back(TraceEvent e) throws IOException {
    if (closed) {
      return;
    }
    held = false;
    if (offline) {
      start();
    }
    journal.record(member.deviceId(), e.event(), Double.NaN, cause(e));
  }

  private static String cause(TraceEvent e) {
    return e.cause().isEmpty() ? "trace" : e.cause();
  }

  private synchronized void relink(TraceEvent e, LinkProfile next) {
    linkProfile = next;
    if (link != null) {
      link.link(next);
    }
    journal.record(member.deviceId(), e.event(), e.amount(), "");
  }

  /** Takes the client off the network; the caller holds the lock. */
  private void takeDown() {
    offline = true;
    generation++;
    if (client != null) {
      client.close();
    }
  }

  private void dropOut() {
    dropouts.incrementAndGet();
    // Not on the transport thread that told us: closing waits for the connection to go.
    threads
        .lifecycle()
        .execute(
            () -> {
              long gone;
              int seconds;
              synchronized (this) {
                if (offline || closed) {
                  return;
                }
                seconds = linkProfile.offlineSeconds();
                LOG.info("{} dropped out for {} s", member.deviceId(), seconds);
                takeDown();
                gone = generation;
                journal.record(member.deviceId(), TraceEvent.Kind.OFFLINE, Double.NaN, "dropout");
              }
              threads
                  .lifecycle()
                  .schedule(() -> comeBack(gone, "dropout"), seconds, TimeUnit.SECONDS);
            });
  }

  /** Comes back after the {@code gone}-th going-off, unless something else happened since. */
  private synchronized boolean comeBack(long gone, String cause) {
    if (closed || !offline || held || generation != gone) {
      return false;
    }
    try {
      start();
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} could not come back: {}", member.deviceId(), e.toString());
      return false;
    }
    journal.record(member.deviceId(), TraceEvent.Kind.ONLINE, Double.NaN, cause);
    return true;
  }

  /** Starts the device's churn, if its fleet file gave it one: the first going-off is drawn now. */
  public void beginChurn() {
    if (member.churn() == null) {
      return;
    }
    ChurnClock.Device churning =
        new ChurnClock.Device() {
          @Override
          public long goOff() {
            return churnOff();
          }

          @Override
          public void comeBack(long token) {
            VirtualDevice.this.comeBack(token, "churn");
          }
        };
    new ChurnClock(member.churn(), churning, threads.lifecycle(), seed ^ 0x6368_7572_6eL).start();
  }

  private synchronized long churnOff() {
    if (closed || offline) {
      return -1;
    }
    LOG.info("{} churned off", member.deviceId());
    takeDown();
    journal.record(member.deviceId(), TraceEvent.Kind.OFFLINE, Double.NaN, "churn");
    return generation;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null && !offline) {
      client.close();
    }
  }
}
