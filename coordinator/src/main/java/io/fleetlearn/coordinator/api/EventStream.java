package io.fleetlearn.coordinator.api;

import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.http.Routes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: the fleet's events as server-sent events, a heartbeat comment every
 * {@code heartbeat}, at most {@code maxClients} clients at once (more get 503), each with a bounded
 * buffer. Meters: {@code fleetlearn.sse.clients} (gauge) and {@code fleetlearn.sse.dropped} (slow
 * clients disconnected).
 */
public final class EventStream implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

  /** Enough for a burst of a few hundred round and device events. */
  static final int MAX_QUEUED_BYTES = 256 * 1024;

  private final Vertx vertx;
  private final FleetService fleet;
  private final int maxClients;
  private final Duration heartbeat;
  private final AtomicInteger clients = new AtomicInteger();
  private final Counter dropped;

  public EventStream(
      Vertx vertx, FleetService fleet, int maxClients, Duration heartbeat, MeterRegistry registry) {
    this.vertx = vertx;
    this.fleet = fleet;
    this.maxClients = maxClients;
    this.heartbeat = heartbeat;
    Gauge.builder("fleetlearn.sse.clients", clients::get)
        .description("Event-stream clients connected")
        .register(registry);
    this.dropped =
        Counter.builder("fleetlearn.sse.dropped")
            .description("Event-stream clients disconnected for not keeping up")
            .register(registry);
  }

  @Override
  public void setupRouter(RouterBuilder builder) {
    builder.getRoute("streamEvents").addHandler(this::handleStream);
  }

  private void handleStream(RoutingContext rc) {
    if (clients.incrementAndGet() > maxClients) {
      clients.decrementAndGet();
      rc.fail(
          new HttpException(
              503, "the event stream serves at most " + maxClients + " clients; try again later"));
      return;
    }
    SseClient client =
        new SseClient(
            rc.response(),
            MAX_QUEUED_BYTES,
            () -> {
              dropped.increment();
              LOG.debug(
                  "event-stream client {} dropped: not keeping up", rc.request().remoteAddress());
            });
    AutoCloseable subscription = fleet.subscribe(client::send);
    long timer = vertx.setPeriodic(heartbeat.toMillis(), t -> client.heartbeat());
    rc.response()
        .closeHandler(
            x -> {
              client.closed();
              vertx.cancelTimer(timer);
              clients.decrementAndGet();
              try {
                subscription.close();
              } catch (Exception e) {
                LOG.warn("closing an event subscription failed: {}", e.toString());
              }
            });
  }
}
