package io.fleetlearn.coordinator.http;

import static io.fleetlearn.coordinator.TestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With {@code API_PROTECT_READS=true}, reads under /api/v1 and /metrics need the token too. */
class ProtectedReadsTest {
  private Vertx vertx;
  private HttpServer server;
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server =
        get(
            HttpApi.create(
                    vertx,
                    new ApiSettings(1024, Optional.of("secret"), true, 1),
                    new Readiness(() -> true, () -> true),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    List.of())
                .compose(api -> vertx.createHttpServer().requestHandler(api.router()).listen(0)));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    get(vertx.close());
  }

  @Test
  void reads_return401WithoutToken_whileHealthReadinessAndDocumentStayOpen() throws Exception {
    // Act / Assert
    assertThat(status("/metrics", null)).isEqualTo(401);
    assertThat(status("/metrics", "wrong")).isEqualTo(401);
    assertThat(status("/metrics", "secret")).isEqualTo(200);
    assertThat(status("/api/v1/devices", null)).isEqualTo(401);
    assertThat(status("/health", null)).isEqualTo(200);
    assertThat(status("/readiness", null)).isEqualTo(200);
    assertThat(status("/openapi.yaml", null)).isEqualTo(200);
  }

  private int status(String path, String token) throws Exception {
    RequestOptions o =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(server.actualPort())
            .setURI(path);
    if (token != null) {
      o.putHeader("Authorization", "Bearer " + token);
    }
    return get(client.request(o).compose(r -> r.send()).map(r -> r.statusCode()));
  }
}
