package io.fleetlearn.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}), against a real coordinator after real device clients trained a model. Skipped,
 * with a message saying what to install, where Chromium is missing. Leaves a screenshot in {@code
 * target/screenshots/dashboard.png}.
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
  private Devices devices;
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
    TestSupport.get(vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)));
    api = new ApiClient(vertx, verticle.httpPort());
  }

  @AfterEach
  void stop() throws Exception {
    if (browser != null) {
      // The page as it was at the end, passed or failed: the first thing to look at on a failure.
      Path last = Path.of("target", "screenshots", "dashboard-last.png");
      Files.createDirectories(last.getParent());
      Files.write(last, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
      browser.quit();
    }
    if (devices != null) {
      devices.close();
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
    // Arrange: three real devices and a training of three evaluated rounds, not started yet.
    devices =
        Devices.start(3, mqttPort, Files.createDirectories(dataDir.resolve("devices")), Map.of());
    String id = ApiRoundsTest.create(api, "dashboard demo");
    browser = chromium();
    browser.get("http://127.0.0.1:" + verticle.httpPort() + "/");
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.until(b -> b.findElement(By.id("live")).getAttribute("class").contains("up"));
    wait.until(b -> b.findElements(By.cssSelector("#devices tbody tr")).size() == 3);
    // Rounds may be quicker than polling: record every state the badge and the progress show.
    ((JavascriptExecutor) browser)
        .executeScript(
            "window.seen = [];"
                + "const watch = id => new MutationObserver(() => window.seen.push(id + '='"
                + " + (id === 'round-progress' ? document.getElementById(id).dataset.round"
                + " : document.getElementById(id).textContent)))"
                + ".observe(document.getElementById(id),"
                + " {childList: true, subtree: true, characterData: true, attributes: true});"
                + "watch('training-state'); watch('round-progress');");

    // Act: start it with the page's own button, which asks for the token.
    browser.findElement(By.id("start-training")).click();
    Alert prompt = wait.until(ExpectedConditions.alertIsPresent());
    prompt.sendKeys(ApiClient.TOKEN);
    prompt.accept();
    // Meanwhile d-0's login also sends garbage frames, which the open rounds refuse and count.
    MqttClient rogue = TestSupport.mqtt(mqttPort, "d-0-rogue", "d-0", TestSupport.DEVICE_PASSWORD);
    ScheduledExecutorService garbage = Executors.newSingleThreadScheduledExecutor();
    garbage.scheduleAtFixedRate(() -> publishGarbage(rogue), 0, 300, TimeUnit.MILLISECONDS);
    ApiRoundsTest.awaitEnd(api, id);
    garbage.shutdownNow();
    rogue.disconnect();
    rogue.close();
    JsonArray rounds = api.get("/api/v1/trainings/" + id + "/rounds").array();
    // What the page plots: rounds with a quality figure, and rounds that moved bytes.
    long evaluated = count(rounds, r -> r.getValue("evalAccuracy") != null);
    long withQuality =
        count(rounds, r -> r.getValue("evalAccuracy") != null || r.getValue("trainLoss") != null);
    long withBytes = count(rounds, r -> r.getLong("bytesDown") > 0 || r.getLong("bytesUp") > 0);
    Map<String, Integer> rejected = new TreeMap<>();
    rounds.stream()
        .map(JsonObject.class::cast)
        .forEach(
            r ->
                r.getJsonObject("rejections")
                    .forEach(
                        e -> rejected.merge(e.getKey(), (Integer) e.getValue(), Integer::sum)));
    wait.until(
        b -> points(b, "chart-bytes") == withBytes && points(b, "chart-quality") == withQuality);
    wait.until(b -> b.findElement(By.id("training-state")).getText().equalsIgnoreCase("completed"));

    // Assert
    @SuppressWarnings("unchecked")
    List<String> seen =
        (List<String>) ((JavascriptExecutor) browser).executeScript("return window.seen;");
    assertThat(seen).contains("training-state=running", "round-progress=1", "round-progress=2");
    assertThat(browser.findElement(By.id("training-select")).getText()).contains("dashboard demo");
    assertThat(evaluated).isGreaterThanOrEqualTo(1);
    assertThat(withBytes).isGreaterThanOrEqualTo(3);
    assertThat(browser.findElement(By.id("round-progress")).getAttribute("data-round"))
        .isEqualTo(String.valueOf(rounds.size()));
    assertThat(rejected).containsKey("frame");
    wait.until(b -> rejectionsShown().equals(rejected));
    assertThat(browser.findElement(By.id("bytes-ratio")).getText()).contains("smaller than fp32");
    // Device events re-render the table every second: read it in one script call, not cell by cell.
    Map<String, List<String>> table = deviceTable();
    assertThat(table.keySet()).containsExactly("d-0", "d-1", "d-2");
    // The table shows what a device reported and what it was assigned (d-1: d-0's login sent the
    // garbage, which may have cost d-0 its rounds).
    JsonObject d1 = api.get("/api/v1/devices/d-1").json();
    List<String> row = table.get("d-1");
    assertThat(row.get(3))
        .isEqualTo(String.valueOf(d1.getJsonObject("resources").getInteger("cpus")));
    assertThat(row.get(7)).isEqualTo("%.1f%%".formatted(d1.getInteger("widthPpm") / 10_000.0));
    assertThat(row.get(8)).isEqualTo(String.valueOf(d1.getInteger("roundsCompleted")));
    assertThat(d1.getInteger("roundsCompleted")).isPositive();
    assertThat(browser.findElements(By.cssSelector("#chart-quality canvas"))).isNotEmpty();
    assertThat(browser.findElements(By.cssSelector("#chart-bytes canvas"))).isNotEmpty();
    Path shot = Path.of("target", "screenshots", "dashboard.png");
    Files.createDirectories(shot.getParent());
    Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  private static void publishGarbage(MqttClient rogue) {
    try {
      MqttMessage m = new MqttMessage("not a frame".getBytes(StandardCharsets.US_ASCII));
      m.setQos(1);
      rogue.publish("fl/test/device/d-0/update", m);
    } catch (MqttException e) {
      LOG.warn("garbage publish failed: {}", e.toString());
    }
  }

  /** The rejections panel as reason → count. */
  @SuppressWarnings("unchecked")
  private Map<String, Integer> rejectionsShown() {
    List<List<String>> rows =
        (List<List<String>>)
            ((JavascriptExecutor) browser)
                .executeScript(
                    "return [...document.querySelectorAll('#rejections .reason')]"
                        + ".map(r => [r.children[0].textContent, r.children[2].textContent]);");
    Map<String, Integer> shown = new TreeMap<>();
    rows.forEach(r -> shown.put(r.get(0), Integer.parseInt(r.get(1))));
    return shown;
  }

  private static long count(JsonArray rounds, Predicate<JsonObject> which) {
    return rounds.stream().map(JsonObject.class::cast).filter(which).count();
  }

  private static long points(WebDriver b, String chart) {
    return Long.parseLong(b.findElement(By.id(chart)).getAttribute("data-points"));
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
