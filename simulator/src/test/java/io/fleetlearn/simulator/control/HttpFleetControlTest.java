package io.fleetlearn.simulator.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers a real coordinator does not give, from a plain HTTP server standing in for a broken one
 * (a proxy's error page, a wrong service behind the URL, a truncated body): each becomes a {@link
 * FleetControlException} that names the request, the URL and the status.
 */
class HttpFleetControlTest {
  private HttpServer server;
  private String url;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void answer(String path, int status, String contentType, String body) {
    server.createContext(
        path,
        exchange -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", contentType);
          exchange.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
          if (b.length > 0) {
            exchange.getResponseBody().write(b);
          }
          exchange.close();
        });
  }

  @Test
  void trainings_malformedJson_failsNamingTheUrlAndTheExpectedType() {
    // Arrange
    answer("/api/v1/trainings", 200, "application/json", "[{\"id\": \"t-1\", ");
    HttpFleetControl control = HttpFleetControl.of(url, Optional.empty());

    // Act, Assert
    assertThatThrownBy(control::trainings)
        .isInstanceOf(FleetControlException.class)
        .hasMessageStartingWith(
            "GET " + url + "/api/v1/trainings answered a body that is not a list of TrainingView");
  }

  @Test
  void training_problemJson500_failsWithTheStatusAndTheCoordinatorsDetail() {
    // Arrange
    answer(
        "/api/v1/trainings/t-1",
        500,
        "application/problem+json",
        "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
            + "\"detail\":\"internal error; see the coordinator's log\"}");
    HttpFleetControl control = HttpFleetControl.of(url, Optional.of("token"));

    // Act, Assert
    assertThatThrownBy(() -> control.training("t-1"))
        .isInstanceOf(FleetControlException.class)
        .hasMessage(
            "GET "
                + url
                + "/api/v1/trainings/t-1 answered 500: Internal Server Error: internal error; see"
                + " the coordinator's log");
  }

  @Test
  void devices_htmlErrorPage_failsWithTheStatusAlone() {
    // Arrange
    answer("/api/v1/devices", 500, "text/html", "<html><body>Server Error</body></html>");
    HttpFleetControl control = HttpFleetControl.of(url, Optional.empty());

    // Act, Assert
    assertThatThrownBy(control::onlineDevices)
        .isInstanceOf(FleetControlException.class)
        .hasMessage("GET " + url + "/api/v1/devices answered 500");
  }

  @Test
  void devices_withoutOnlineFlag_failsNamingTheField() {
    // Arrange
    answer("/api/v1/devices", 200, "application/json", "[{\"deviceId\": \"d-1\"}]");
    HttpFleetControl control = HttpFleetControl.of(url, Optional.empty());

    // Act, Assert
    assertThatThrownBy(control::onlineDevices)
        .isInstanceOf(FleetControlException.class)
        .hasMessageContaining("a boolean online");
  }

  @Test
  void round_notStoredYet_isEmpty() {
    // Arrange
    answer(
        "/api/v1/trainings/t-1/rounds/3",
        404,
        "application/problem+json",
        "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"round 3 does not exist\"}");
    HttpFleetControl control = HttpFleetControl.of(url, Optional.empty());

    // Act, Assert
    assertThat(control.round("t-1", 3)).isEmpty();
  }

  @Test
  void training_idFromTheCoordinatorThatIsNotAnId_isRefusedBeforeItGoesIntoAUrl() {
    // Arrange
    HttpFleetControl control = HttpFleetControl.of(url, Optional.empty());

    // Act, Assert
    assertThatThrownBy(() -> control.training("../../admin"))
        .isInstanceOf(FleetControlException.class)
        .hasMessageContaining("training id ('../../admin') must be");
  }

  @Test
  void read_whileAGatewaySays503_isTriedAgain_untilTheCoordinatorAnswers() {
    // Arrange
    AtomicInteger calls = new AtomicInteger();
    server.createContext(
        "/api/v1/trainings",
        exchange -> {
          boolean up = calls.incrementAndGet() > 2;
          byte[] b = (up ? "[]" : "{\"title\":\"Service Unavailable\"}").getBytes(UTF_8);
          exchange.sendResponseHeaders(up ? 200 : 503, b.length);
          exchange.getResponseBody().write(b);
          exchange.close();
        });
    HttpFleetControl control = HttpFleetControl.of(url, Optional.empty());

    // Act
    control.check(false, Duration.ofSeconds(30));

    // Assert
    assertThat(calls).hasValue(3);
  }

  @Test
  void write_whileAGatewaySays503_failsAtOnce_withoutRepeatingIt() {
    // Arrange
    AtomicInteger calls = new AtomicInteger();
    server.createContext(
        "/api/v1/trainings/t-1/start",
        exchange -> {
          calls.incrementAndGet();
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    HttpFleetControl control = HttpFleetControl.of(url, Optional.of("token"));

    // Act, Assert
    assertThatThrownBy(() -> control.startTraining("t-1"))
        .isInstanceOf(FleetControlException.class)
        .hasMessage("POST " + url + "/api/v1/trainings/t-1/start answered 503");
    assertThat(calls).hasValue(1);
  }

  @Test
  void base_keepsAPathPrefix_andAddsTheTrailingSlash() {
    assertThat(HttpFleetControl.base("http://gateway:8080/fleetlearn").resolve("api/v1/devices"))
        .hasToString("http://gateway:8080/fleetlearn/api/v1/devices");
    assertThat(HttpFleetControl.base("https://coordinator/").resolve("dashboard/"))
        .hasToString("https://coordinator/dashboard/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"fleetlearn-coordinator:8080", "ftp://host/", "http://", "http://h/?a=b", "x y"})
  void base_thatIsNotAnHttpRootUrl_isRefusedWithAnExample(String bad) {
    assertThatThrownBy(() -> HttpFleetControl.base(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--coordinator")
        .hasMessageContaining("e.g. http://fleetlearn-coordinator:8080");
  }
}
