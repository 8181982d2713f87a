package io.fleetlearn.simulator.control;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.fleetlearn.coordinator.fleet.FleetService;
import io.fleetlearn.coordinator.fleet.ModelView;
import io.fleetlearn.coordinator.fleet.RoundView;
import io.fleetlearn.coordinator.fleet.TrainingRequest;
import io.fleetlearn.coordinator.fleet.TrainingView;
import io.fleetlearn.protocol.topic.Ids;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A coordinator that runs elsewhere, through its REST API ({@code openapi.yaml}): {@code POST
 * /api/v1/trainings}, {@code POST .../start}, {@code GET} of trainings, rounds, models, the {@code
 * global} model frame and devices, with the API token as a bearer token.
 */
public final class HttpFleetControl implements FleetControl {
  /** Views are small; a round of a large fleet lists one assignment per device. */
  private static final long MAX_JSON_BYTES = 64L << 20;

  /** The dense fp32 frame of the largest model the evaluator decodes. */
  private static final long MAX_MODEL_BYTES = Integer.MAX_VALUE - 8;

  /**
   * How long a read waits for a coordinator that cannot be reached during a run (a restart takes
   * seconds); a longer outage ends the run.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** A training id no coordinator makes (theirs are generated); see {@link #check}. */
  private static final String PROBE_ID = "fleetlearn-simulator-token-check";

  private static final TypeReference<TrainingView> TRAINING = new TypeReference<>() {};
  private static final TypeReference<List<TrainingView>> TRAININGS = new TypeReference<>() {};
  private static final TypeReference<RoundView> ROUND = new TypeReference<>() {};
  private static final TypeReference<List<ModelView>> MODELS = new TypeReference<>() {};
  private static final TypeReference<List<JsonNode>> DEVICES = new TypeReference<>() {};

  private final ApiClient api;

  private HttpFleetControl(ApiClient api) {
    this.api = api;
  }

  /**
   * A client for the coordinator at {@code url} (its root, e.g. {@code
   * http://fleetlearn-coordinator:8080}); nothing is sent yet.
   *
   * @throws IllegalArgumentException if {@code url} is not an http(s) URL of a host
   */
  public static HttpFleetControl of(String url, Optional<String> apiToken) {
    return new HttpFleetControl(new ApiClient(base(url), apiToken));
  }

  static URI base(String url) {
    String usage =
        "--coordinator ('"
            + url
            + "') must be the coordinator's http:// or https:// root URL, e.g."
            + " http://fleetlearn-coordinator:8080";
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(usage + ": " + e.getMessage(), e);
    }
    if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(usage);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    // resolve() below needs the base to end in '/': "http://h:8080/fl" + "api/v1/..." would
    // otherwise drop "fl".
    return uri.resolve(path.endsWith("/") ? path : path + "/");
  }

  @Override
  public String location() {
    return api.base().toString();
  }

  @Override
  public String dashboard() {
    return api.base().resolve("dashboard/").toString();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the training list (reachability, and the token when reads are protected), waiting up
   * to {@code wait} for a coordinator that cannot be reached yet (one started at the same time as
   * this simulation, as a Helm install does). For writes it sends an empty {@code PUT} to a
   * training that does not exist: the token is checked before anything else, so 401 means a wrong
   * token and 404 a good one, and nothing changes either way.
   */
  @Override
  public void check(boolean writes, Duration wait) {
    String path = "api/v1/trainings";
    ApiClient.Answer a = api.sendPatiently("GET", path, MAX_JSON_BYTES, wait);
    api.parse("GET " + api.base().resolve(path), a.body(), TRAININGS, "a list of TrainingView");
    if (writes) {
      api.send("PUT", "api/v1/trainings/" + PROBE_ID, new byte[] {'{', '}'}, MAX_JSON_BYTES, 404);
    }
  }

  @Override
  public TrainingView createTraining(TrainingRequest request) {
    return get("POST", "api/v1/trainings", api.write(request), TRAINING, "a TrainingView");
  }

  @Override
  public TrainingView startTraining(String trainingId) {
    return get("POST", training(trainingId, "/start"), null, TRAINING, "a TrainingView");
  }

  @Override
  public TrainingView training(String trainingId) {
    return get("GET", training(trainingId, ""), null, TRAINING, "a TrainingView");
  }

  @Override
  public List<TrainingView> trainings() {
    return get("GET", "api/v1/trainings", null, TRAININGS, "a list of TrainingView");
  }

  @Override
  public Optional<RoundView> round(String trainingId, long round) {
    String path = training(trainingId, "/rounds/" + round);
    ApiClient.Answer a = api.sendPatiently("GET", path, MAX_JSON_BYTES, PATIENCE, 404);
    if (a.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(
        api.parse("GET " + api.base().resolve(path), a.body(), ROUND, "a RoundView"));
  }

  @Override
  public List<ModelView> models(String trainingId) {
    return get("GET", training(trainingId, "/models"), null, MODELS, "a list of ModelView");
  }

  @Override
  public byte[] globalModel(String trainingId, long version) {
    String path = training(trainingId, "/models/" + version + "/" + FleetService.GLOBAL_VARIANT);
    return api.sendPatiently("GET", path, MAX_MODEL_BYTES, PATIENCE).body();
  }

  @Override
  public Set<String> onlineDevices() {
    String what = "GET " + api.base().resolve("api/v1/devices");
    List<JsonNode> devices = get("GET", "api/v1/devices", null, DEVICES, "a list of DeviceView");
    Set<String> online = new HashSet<>();
    for (JsonNode d : devices) {
      if (!d.path("deviceId").isTextual() || !d.path("online").isBoolean()) {
        throw new FleetControlException(
            what + " answered a device without a text deviceId and a boolean online");
      }
      if (d.get("online").booleanValue()) {
        online.add(d.get("deviceId").textValue());
      }
    }
    return online;
  }

  @Override
  public void close() {
    // The JDK's client holds no connection between exchanges that needs closing on Java 17.
  }

  private <T> T get(String method, String path, byte[] body, TypeReference<T> type, String name) {
    ApiClient.Answer a =
        "GET".equals(method)
            ? api.sendPatiently(method, path, MAX_JSON_BYTES, PATIENCE)
            : api.send(method, path, body, MAX_JSON_BYTES);
    return api.parse(method + " " + api.base().resolve(path), a.body(), type, name);
  }

  /** The path under a training; its id came from the coordinator, so it is checked first. */
  private static String training(String trainingId, String rest) {
    try {
      Ids.require("training id", trainingId);
    } catch (IllegalArgumentException e) {
      throw new FleetControlException("the coordinator named a " + e.getMessage());
    }
    return "api/v1/trainings/" + trainingId + rest;
  }
}
