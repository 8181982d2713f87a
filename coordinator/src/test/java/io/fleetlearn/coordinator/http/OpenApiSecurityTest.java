package io.fleetlearn.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The document says what {@link BearerAuth} enforces, operation by operation. */
class OpenApiSecurityTest {

  @Test
  void document_declaresTheTokenExactlyWhereBearerAuthRequiresIt() throws Exception {
    // Arrange
    Vertx vertx = Vertx.vertx();
    HttpApi api =
        HttpApi.create(
                vertx,
                new ApiSettings(1024, Optional.of("t"), false, 1),
                new Readiness(() -> true, () -> true),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                List.of())
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    JsonObject paths = api.document().getJsonObject("paths");
    int checked = 0;

    // Act / Assert
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String m : item.fieldNames()) {
        if (m.equals("parameters")) {
          continue;
        }
        HttpMethod method = HttpMethod.valueOf(m.toUpperCase(java.util.Locale.ROOT));
        JsonArray security = item.getJsonObject(m).getJsonArray("security", new JsonArray());
        boolean always = BearerAuth.required(method, path, false);
        boolean whenProtected = BearerAuth.required(method, path, true);
        String where = m + " " + path;
        if (always) {
          assertThat(security.encode()).as(where).isEqualTo("[{\"bearerAuth\":[]}]");
        } else if (whenProtected) {
          assertThat(security.encode()).as(where).isEqualTo("[{},{\"bearerAuth\":[]}]");
        } else {
          assertThat(security).as(where).isEmpty();
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(api.unimplemented()).contains("createTraining", "streamEvents");
    api.close();
    vertx.close();
  }
}
