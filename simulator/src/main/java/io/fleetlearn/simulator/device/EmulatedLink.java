package io.fleetlearn.simulator.device;

import io.fleetlearn.device.transport.MessageHandler;
import io.fleetlearn.device.transport.OutgoingMessage;
import io.fleetlearn.device.transport.Transport;
import io.fleetlearn.device.transport.TransportException;
import io.fleetlearn.protocol.message.DeviceState;
import io.fleetlearn.protocol.message.DeviceStatus;
import io.fleetlearn.protocol.message.Messages;
import io.fleetlearn.protocol.topic.Topics;
import io.fleetlearn.simulator.fleet.LinkProfile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a virtual device's real transport (Paho, a real MQTT connection) and emulates its hardware
 * and link around it, so the device client itself runs unchanged:
 *
 * <ul>
 *   <li>Link: every message waits {@code latency + bytes·8/bandwidth} (plus one retransmission
 *       timeout with probability {@code loss}). Sends block the sending thread for that long, as a
 *       slow socket would; received messages are handed to the client that much later, one after
 *       another, on a shared scheduler thread (a link carries one message at a time).
 *   <li>Dropouts: with probability {@code dropout} a task is not delivered and {@link
 *       Events#droppedOut} is called; the {@link VirtualDevice} then closes the client and starts
 *       it again after the profile's offline time.
 *   <li>Compute: the client's worker thread announces "busy" (a status publish on that thread)
 *       before it fetches the model and trains, and sends the update on the same thread after. Its
 *       CPU time in between, {@code c}, is the work done (DJL runs one intra-op thread, on the
 *       caller). The device should have taken {@code slowdown × c}; the thread already spent {@code
 *       w} of wall time not waiting (wall time since "busy" minus the time the JVM saw it blocked
 *       or waiting, e.g. for the model frame or on this link), so before the update goes out it
 *       sleeps {@code max(0, slowdown × c − w)}. Measuring CPU time, not wall time, keeps 20
 *       devices sharing 2 cores from counting each other's work as their own; sleeping costs no
 *       CPU.
 *   <li>Status: the benchmark GFLOPS the client measured on this machine is divided by the
 *       slow-down, its last round time gets the stretch added, and its link speed is the one this
 *       wrapper measured on update sends (the client's own meter would count the stretch as link
 *       time).
 * </ul>
 */
public final class EmulatedLink implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatedLink.class);

  /** Linux's minimum TCP retransmission timeout. */
  private static final long RTO_MIN_MILLIS = 200;

  /** What the virtual device is told about. */
  public interface Events {
    /** A task was swallowed by a dropout; called on a transport thread, must not block. */
    void droppedOut();

    /** An update is about to be sent (a training round was done). */
    void trained();
  }

  private final Transport inner;
  // Switched at run time by a trace (bandwidth, latency, loss); each message reads it once.
  private volatile LinkProfile link;
  private final double slowdown;
  private final ScheduledExecutorService deliveries;
  private final Events events;
  private final String taskTopic;
  private final String updateTopic;
  private final String statusTopic;
  private final Messages messages = new Messages();
  private final SplittableRandom random;
  private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
  private volatile long computeFromNanos = System.nanoTime();
  private volatile long busyThread = -1;
  private volatile long busyCpuNanos;
  private volatile long busyWaitedMillis;
  private volatile double lastStretchSeconds = -1;
  // Set by a delivered task, cleared by the update it led to: an update flushed from the outbox
  // later was computed long ago and gets no second stretch.
  private volatile boolean computing;
  private long inboundFreeAtNanos;
  private double linkBytesPerSecond = Double.NaN;

  /**
   * @param inner the real transport, closed with this one
   * @param deliveries the scheduler received messages are delivered on (shared by devices)
   * @param seed seeds the loss and dropout draws
   */
  public EmulatedLink(
      Transport inner,
      Topics topics,
      String deviceId,
      LinkProfile link,
      double slowdown,
      ScheduledExecutorService deliveries,
      long seed,
      Events events) {
    this.inner = inner;
    this.link = link;
    this.slowdown = slowdown;
    this.deliveries = deliveries;
    this.events = events;
    this.random = new SplittableRandom(seed);
    this.taskTopic = topics.task(deviceId);
    this.updateTopic = topics.update(deviceId);
    this.statusTopic = topics.status(deviceId);
    if (threadBean.isThreadContentionMonitoringSupported()) {
      // Waited and blocked times are only counted when this is on (JVM-wide, cheap).
      threadBean.setThreadContentionMonitoringEnabled(true);
    }
  }

  /** The link profile messages use from now on (a message already on the wire keeps its delay). */
  public void link(LinkProfile profile) {
    this.link = java.util.Objects.requireNonNull(profile, "profile");
  }

  /** The link profile in use. */
  public LinkProfile link() {
    return link;
  }

  @Override
  public boolean connect(OutgoingMessage will, Consumer<TransportException> onLost) {
    // CONNECT/CONNACK: one round trip.
    pause(2L * link.latencyMs());
    return inner.connect(will, onLost);
  }

  @Override
  public void publish(OutgoingMessage message) {
    boolean update = message.topic().equals(updateTopic);
    if (update && computing) {
      computing = false;
      double stretch = stretchMillis();
      lastStretchSeconds = stretch / 1000.0;
      events.trained();
      pause(stretch);
    } else if (message.topic().equals(statusTopic)) {
      message = rewriteStatus(message);
    }
    long t0 = System.nanoTime();
    pause(wireMillis(link, message.payload().length));
    inner.publish(message);
    if (update) {
      measured(message.payload().length, System.nanoTime() - t0);
    }
  }

  /** How much longer the work since "busy" would have taken on the device, in milliseconds. */
  private double stretchMillis() {
    long wall = System.nanoTime() - computeFromNanos;
    if (busyThread != Thread.currentThread().getId()
        || !threadBean.isCurrentThreadCpuTimeSupported()) {
      // No CPU clock for this work: fall back to the wall time since the task or model came.
      return (slowdown - 1) * wall / 1e6;
    }
    long cpu = threadBean.getCurrentThreadCpuTime() - busyCpuNanos;
    long waited = Math.max(0, waitedMillis() - busyWaitedMillis) * 1_000_000L;
    return Math.max(0, slowdown * cpu - Math.max(0, wall - waited)) / 1e6;
  }

  /** Milliseconds this thread spent waiting or sleeping so far; 0 without contention monitoring. */
  private long waitedMillis() {
    var info = threadBean.getThreadInfo(Thread.currentThread().getId());
    return info == null || info.getWaitedTime() < 0
        ? 0
        : info.getWaitedTime() + Math.max(0, info.getBlockedTime());
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageHandler handler) {
    inner.subscribe(topicFilter, qos, delayed(handler));
  }

  @Override
  public void route(String topicFilter, MessageHandler handler) {
    inner.route(topicFilter, delayed(handler));
  }

  @Override
  public void close() {
    inner.close();
  }

  private MessageHandler delayed(MessageHandler handler) {
    return (topic, payload) -> {
      boolean task = topic.equals(taskTopic);
      double dropout = link.dropout();
      if (task && dropout > 0 && draw() < dropout) {
        LOG.debug("{}: dropped out, task not delivered", taskTopic);
        events.droppedOut();
        return;
      }
      long delay = inboundDelayNanos(payload.length);
      deliveries.schedule(
          () -> {
            if (task) {
              computeFromNanos = System.nanoTime();
              computing = true;
            }
            try {
              handler.onMessage(topic, payload);
            } catch (RuntimeException e) {
              LOG.warn("{}: handler failed: {}", topic, e.toString());
            }
          },
          delay,
          TimeUnit.NANOSECONDS);
    };
  }

  /** Received messages share the link one after another: each starts when the last one ended. */
  private synchronized long inboundDelayNanos(int bytes) {
    LinkProfile l = link;
    long now = System.nanoTime();
    long start = Math.max(now, inboundFreeAtNanos);
    long wire = (long) (wireMillis(l, bytes) * 1e6);
    inboundFreeAtNanos = start + wire - l.latencyMs() * 1_000_000L;
    return start + wire - now;
  }

  private double wireMillis(LinkProfile l, int bytes) {
    double ms = l.transferMillis(bytes);
    if (l.loss() > 0 && draw() < l.loss()) {
      ms += Math.max(RTO_MIN_MILLIS, 2.0 * l.latencyMs());
    }
    return ms;
  }

  private synchronized double draw() {
    return random.nextDouble();
  }

  private synchronized void measured(int bytes, long nanos) {
    double rate = bytes / Math.max(nanos / 1e9, 1e-6);
    // The same smoothing as the client's own LinkMeter (weight 0.3 on the newest sample).
    linkBytesPerSecond =
        Double.isNaN(linkBytesPerSecond) ? rate : 0.7 * linkBytesPerSecond + 0.3 * rate;
  }

  private synchronized Double linkRate(Double fallback) {
    return Double.isNaN(linkBytesPerSecond) ? fallback : Double.valueOf(linkBytesPerSecond);
  }

  private OutgoingMessage rewriteStatus(OutgoingMessage message) {
    DeviceStatus s;
    try {
      s = messages.read(message.payload(), DeviceStatus.class);
    } catch (RuntimeException e) {
      return message; // Not ours to judge: the coordinator validates it.
    }
    if (s.state() == DeviceState.BUSY && computing) {
      // The worker thread says it starts on a task: its CPU clock from here is the task's work.
      busyThread = Thread.currentThread().getId();
      busyCpuNanos = threadBean.getCurrentThreadCpuTime();
      busyWaitedMillis = waitedMillis();
      computeFromNanos = System.nanoTime();
    }
    if (s.resources() == null) {
      return message;
    }
    DeviceStatus out =
        EmulatedStatus.of(
            s, slowdown, lastStretchSeconds, linkRate(s.resources().linkBytesPerSecond()));
    return new OutgoingMessage(
        message.topic(), messages.write(out), message.qos(), message.retained(), message.expiry());
  }

  private static void pause(double millis) {
    if (millis <= 0) {
      return;
    }
    try {
      // The emulated time itself: a slow link or CPU keeps this thread busy, so it sleeps.
      TimeUnit.NANOSECONDS.sleep((long) (millis * 1e6));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
