package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fleetlearn.device.client.DeviceClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}), against a real coordinator with real device clients and a running training.
 * Skipped, with a message saying what to install, where Chromium is missing. Leaves a screenshot in
 * {@code target/screenshots/dashboard.png}.
 */
class DashboardBrowserTest {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardBrowserTest.class);
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  @TempDir Path browserProfile;
  private Vertx vertx;
  private int mqttPort;
  private CoordinatorVerticle verticle;
  private ApiClient api;
  private final List<DeviceClient> devices = new ArrayList<>();
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed) {
      LOG.warn(
          "SKIPPED dashboard browser test: {} or {} is missing (apt-get install chromium"
              + " chromium-driver)",
          CHROMIUM,
          CHROMEDRIVER);
    }
    Assumptions.assumeTrue(
        installed, "chromium and chromium-driver are not installed; dashboard test skipped");
    vertx = Vertx.vertx();
    mqttPort = TestSupport.freePort();
    verticle = new CoordinatorVerticle();
    JsonObject config = TestSupport.config(dataDir, mqttPort).put("HTTP_BODY_LIMIT", 65536);
    FleetEngineTest.get(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    api = new ApiClient(vertx, verticle.httpPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (DeviceClient d : devices) {
      d.close();
    }
    if (api != null) {
      api.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void dashboard_showsDevicesChartsAndTraining_ofARealFleet() throws Exception {
    // Arrange: three real devices, two with a recorded Pi 4's resources, and a running training.
    Path deviceDir = dataDir.resolve("devices");
    devices.add(
        Devices.start(
            "pi-kitchen", "test", mqttPort, TestSupport.DEVICE_PASSWORD, deviceDir, "pi4"));
    devices.add(
        Devices.start(
            "pi-garage", "test", mqttPort, TestSupport.DEVICE_PASSWORD, deviceDir, "pi4"));
    devices.add(
        Devices.start(
            "host-lab", "test", mqttPort, TestSupport.DEVICE_PASSWORD, deviceDir, "host"));
    JsonObject training =
        new JsonObject()
            .put("name", "dashboard demo")
            .put("rounds", 3)
            .put("minDevices", 2)
            .put("deadlineSeconds", 60)
            .put("evaluateEvery", 1);
    String id = api.send(HttpMethod.POST, "/api/v1/trainings", training).json().getString("id");
    assertThat(api.send(HttpMethod.POST, "/api/v1/trainings/" + id + "/start", null).status())
        .isEqualTo(200);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/api/v1/devices").array().stream()
                            .filter(d -> ((JsonObject) d).getBoolean("online")))
                    .hasSize(3));

    // Act
    browser = chromium();
    browser.get("http://127.0.0.1:" + verticle.httpPort() + "/");
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(b -> b.findElement(By.id("live")).getAttribute("class").contains("up"));
    wait.until(b -> b.findElements(By.cssSelector("#devices tbody tr")).size() == 3);

    // Assert
    assertThat(browser.findElement(By.id("training-state")).getText())
        .isEqualToIgnoringCase("running");
    assertThat(browser.findElement(By.id("training-select")).getText()).contains("dashboard demo");
    // Device events re-render the table every second: read it in one script call, not cell by cell.
    Map<String, List<String>> table = deviceTable();
    assertThat(table.keySet()).containsExactly("host-lab", "pi-garage", "pi-kitchen");
    // The table shows what the device reported: the recorded Pi 4's CPUs and battery.
    JsonObject reported = api.get("/api/v1/devices/pi-kitchen").json().getJsonObject("resources");
    List<String> pi = table.get("pi-kitchen");
    assertThat(pi.get(1)).isEqualTo("online");
    assertThat(pi.get(3)).isEqualTo(String.valueOf(reported.getInteger("cpus")));
    assertThat(pi.get(5)).startsWith(Math.round(reported.getDouble("batteryPercent")) + "%");
    assertThat(browser.findElements(By.cssSelector("#chart-quality canvas"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#chart-bytes canvas"))).isNotEmpty();
    Path shot = Path.of("target", "screenshots", "dashboard.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  @SuppressWarnings("unchecked")
  private Map<String, List<String>> deviceTable() {
    List<List<String>> rows =
        (List<List<String>>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return [...document.querySelectorAll('#devices tbody tr')]"
                        + ".map(r => [...r.cells].map(c => c.textContent.trim()));");
    Map<String, List<String>> byId = new LinkedHashMap<>();
    rows.forEach(r -> byId.put(r.get(0), r));
    return byId;
  }

  private WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The machine's network is closed: nothing may try to reach out (updates, sync, QUIC).
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1200",
        "--user-data-dir=" + browserProfile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    return new ChromeDriver(service, options);
  }
}
