package io.fleetlearn.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetlearn.coordinator.TestSupport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpApiTest {
  private final AtomicBoolean mqttUp = new AtomicBoolean(true);
  private final AtomicBoolean storeOpen = new AtomicBoolean(true);
  private HttpServer server;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext testContext) {
    Readiness readiness = new Readiness(mqttUp::get, storeOpen::get);
    ApiSettings settings = new ApiSettings(1024, Optional.of("token"), false, 4);
    HttpApi.create(
            vertx,
            settings,
            readiness,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            List.of())
        .compose(api -> vertx.createHttpServer().requestHandler(api.router()).listen(0))
        .onComplete(
            testContext.succeeding(
                s -> {
                  server = s;
                  testContext.completeNow();
                }));
  }

  @Test
  void readiness_returns503NamingMqtt_whenMqttIsDown(Vertx vertx, VertxTestContext testContext) {
    mqttUp.set(false);
    Checkpoint answered = testContext.checkpoint();
    TestSupport.http(vertx, server.actualPort(), HttpMethod.GET, "/readiness", null)
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(503);
                          assertThat(r.contentType()).isEqualTo(Problem.MEDIA_TYPE);
                          JsonObject problem = r.json();
                          assertThat(problem.getString("detail"))
                              .isEqualTo("the MQTT connection is down");
                          assertThat(problem.getJsonObject("checks").getString("store"))
                              .isEqualTo("UP");
                          answered.flag();
                        })));
  }

  @Test
  void readiness_returns503NamingDatabase_whenStoreIsClosed(
      Vertx vertx, VertxTestContext testContext) {
    storeOpen.set(false);
    Checkpoint answered = testContext.checkpoint();
    TestSupport.http(vertx, server.actualPort(), HttpMethod.GET, "/readiness", null)
        .onComplete(
            testContext.succeeding(
                r ->
                    testContext.verify(
                        () -> {
                          assertThat(r.status()).isEqualTo(503);
                          assertThat(r.json().getString("detail"))
                              .isEqualTo("the database is closed");
                          answered.flag();
                        })));
  }
}
