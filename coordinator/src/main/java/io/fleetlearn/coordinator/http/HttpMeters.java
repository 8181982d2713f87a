package io.fleetlearn.coordinator.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

/**
 * The JVM and process meters, and {@code fleetlearn.http.requests{method, route, status}}: one
 * timer per request. The route tag is the document's path template ({@code unmatched} for paths it
 * does not describe), so a client that probes random paths cannot grow the registry.
 */
final class HttpMeters implements PlatformHandler, AutoCloseable {
  private final MeterRegistry registry;
  private final OpenAPIContract contract;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  HttpMeters(MeterRegistry registry, OpenAPIContract contract) {
    this.registry = registry;
    this.contract = contract;
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Root handler: starts the request's timer and stops it when the response ends. */
  @Override
  public void handle(RoutingContext rc) {
    Timer.Sample sample = Timer.start(registry);
    rc.addEndHandler(
        x -> {
          Operation op = contract.findOperation(rc.normalizedPath(), rc.request().method());
          sample.stop(
              Timer.builder("fleetlearn.http.requests")
                  .description("HTTP requests, by method, route template and status")
                  .tag("method", rc.request().method().name())
                  .tag("route", op == null ? "unmatched" : op.getOpenAPIPath())
                  .tag("status", Integer.toString(rc.response().getStatusCode()))
                  .register(registry));
        });
    rc.next();
  }

  @Override
  public void close() {
    // The GC binder holds JMX notification listeners; leaving them would leak across redeploys.
    gc.close();
  }
}
