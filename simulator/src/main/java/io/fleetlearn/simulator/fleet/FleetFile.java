package io.fleetlearn.simulator.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A fleet file (YAML): device groups, each a profile, a count and a link, plus optional profiles of
 * its own. Example:
 *
 * <pre>{@code
 * devices:
 *   - {profile: pi-zero-2w, count: 4, link: lte}
 *   - {profile: pi-4-4gb, count: 6, link: wifi, battery: {percent: 60, charging: false}}
 * links:
 *   satellite: {bandwidthKbps: 300, latencyMs: 600, loss: 0.01}
 * }</pre>
 *
 * @param devices the groups, in order; device ids are {@code {profile}-{nn}}
 * @param profiles device profiles added to (or replacing) the {@link Profiles#DEVICES}
 * @param links link profiles added to (or replacing) the {@link Profiles#LINKS}
 * @param churn how every device comes and goes unless its group says otherwise, or null
 * @param trace a trace file to replay (see {@link Trace}), relative to the fleet file, or null
 */
public record FleetFile(
    @JsonProperty(required = true) List<Group> devices,
    Map<String, DeviceProfile> profiles,
    Map<String, LinkProfile> links,
    Churn churn,
    String trace) {
  /**
   * Most devices one simulator process runs (the coordinator registry's limit); how many of them
   * real MQTT connections carry is the simulation's own check (see docs/simulator.md, Scale).
   */
  public static final int MAX_DEVICES = 100_000;

  /** A fleet file is a few lines; anything bigger is the wrong file. */
  static final long MAX_FILE_BYTES = 1 << 20;

  /** The fleet file bundled in the jar: about 20 mixed devices. */
  public static final String DEFAULT_RESOURCE = "/fleets/default.yaml";

  /**
   * A group of identical devices.
   *
   * @param profile a device profile name
   * @param count how many, in [1, {@link #MAX_DEVICES}]
   * @param link a link profile name
   * @param battery overrides the profile's battery, if set
   * @param churn how these devices come and go (overrides the file's {@code churn}), if set
   */
  public record Group(
      @JsonProperty(required = true) String profile,
      @JsonProperty(required = true) int count,
      @JsonProperty(required = true) String link,
      Battery battery,
      Churn churn) {
    /** A group without churn of its own. */
    public Group(String profile, int count, String link, Battery battery) {
      this(profile, count, link, battery, null);
    }

    public Group {
      Objects.requireNonNull(profile, "profile");
      Objects.requireNonNull(link, "link");
      if (count < 1 || count > MAX_DEVICES) {
        throw new IllegalArgumentException(
            "count (" + count + ") must be in [1, " + MAX_DEVICES + "]");
      }
    }
  }

  /** A fleet file without churn or trace. */
  public FleetFile(
      List<Group> devices, Map<String, DeviceProfile> profiles, Map<String, LinkProfile> links) {
    this(devices, profiles, links, null, null);
  }

  public FleetFile {
    devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
    profiles = Map.copyOf(Objects.requireNonNullElse(profiles, Map.of()));
    links = Map.copyOf(Objects.requireNonNullElse(links, Map.of()));
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("devices is empty; a fleet needs at least one group");
    }
    if (trace != null && trace.isBlank()) {
      throw new IllegalArgumentException("trace is blank; name a trace file or leave it out");
    }
  }

  /**
   * The trace this fleet file names, resolved against the folder of {@code fleetFile} (the working
   * folder if null), if it names one.
   */
  public java.util.Optional<Path> tracePath(Path fleetFile) {
    if (trace == null) {
      return java.util.Optional.empty();
    }
    Path base = fleetFile == null ? null : fleetFile.toAbsolutePath().getParent();
    return java.util.Optional.of(base == null ? Path.of(trace) : base.resolve(trace));
  }

  /** Reads and validates a fleet file; the message names the field that is wrong. */
  public static FleetFile read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new FleetFileException(file + " is over " + MAX_FILE_BYTES + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    }
  }

  /** The bundled default fleet. */
  public static FleetFile bundled() throws IOException {
    try (InputStream in = FleetFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IOException(DEFAULT_RESOURCE + " is not in this build");
      }
      return parse(in, "the bundled fleet " + DEFAULT_RESOURCE);
    }
  }

  /** Parses a fleet from YAML text (for callers that build a fleet in code). */
  public static FleetFile fromYaml(String yaml) throws IOException {
    return parse(
        new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "inline fleet");
  }

  static FleetFile parse(InputStream in, String what) throws IOException {
    ObjectMapper yaml =
        YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    try {
      return yaml.readValue(in.readNBytes((int) MAX_FILE_BYTES), FleetFile.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new FleetFileException(what + ": " + path(e) + ": " + cause.getMessage(), e);
    } catch (JacksonException e) {
      throw new FleetFileException(what + ": " + e.getOriginalMessage() + " at " + path(e), e);
    }
  }

  private static String path(JacksonException e) {
    StringBuilder b = new StringBuilder();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      for (var ref : m.getPath()) {
        b.append(
            ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
      }
    }
    return b.length() == 0 ? "(top)" : b.substring(b.charAt(0) == '.' ? 1 : 0);
  }

  /**
   * The same mix of groups with {@code devices} devices in all: each group's share of the fleet
   * kept (largest remainders), groups that round to nothing left out.
   */
  public FleetFile scaledTo(int devices) {
    if (devices < 1 || devices > MAX_DEVICES) {
      throw new IllegalArgumentException(
          "--devices (" + devices + ") must be in [1, " + MAX_DEVICES + "]");
    }
    int total = this.devices.stream().mapToInt(Group::count).sum();
    int[] counts = new int[this.devices.size()];
    double[] remainders = new double[counts.length];
    int given = 0;
    for (int g = 0; g < counts.length; g++) {
      double exact = (double) devices * this.devices.get(g).count() / total;
      counts[g] = (int) Math.floor(exact);
      remainders[g] = exact - counts[g];
      given += counts[g];
    }
    for (; given < devices; given++) {
      int best = 0;
      for (int g = 1; g < counts.length; g++) {
        if (remainders[g] > remainders[best]) {
          best = g;
        }
      }
      counts[best]++;
      remainders[best] = -1;
    }
    List<Group> groups = new ArrayList<>();
    for (int g = 0; g < counts.length; g++) {
      Group old = this.devices.get(g);
      if (counts[g] > 0) {
        groups.add(new Group(old.profile(), counts[g], old.link(), old.battery(), old.churn()));
      }
    }
    return new FleetFile(groups, profiles, links, churn, trace);
  }

  /** The devices, with profiles resolved; fails naming an unknown profile or link. */
  public List<FleetMember> members() {
    Map<String, DeviceProfile> deviceProfiles = new HashMap<>(Profiles.DEVICES);
    deviceProfiles.putAll(profiles);
    Map<String, LinkProfile> linkProfiles = new HashMap<>(Profiles.LINKS);
    linkProfiles.putAll(links);
    int total = devices.stream().mapToInt(Group::count).sum();
    if (total > MAX_DEVICES) {
      throw new FleetFileException(
          "the fleet has " + total + " devices; one simulator process runs at most " + MAX_DEVICES);
    }
    Map<String, Integer> next = new HashMap<>();
    List<FleetMember> out = new ArrayList<>();
    for (int g = 0; g < devices.size(); g++) {
      Group group = devices.get(g);
      DeviceProfile p = deviceProfiles.get(group.profile());
      if (p == null) {
        throw new FleetFileException(
            "devices["
                + g
                + "].profile ('"
                + group.profile()
                + "') is not one of "
                + new java.util.TreeSet<>(deviceProfiles.keySet()));
      }
      LinkProfile l = linkProfiles.get(group.link());
      if (l == null) {
        throw new FleetFileException(
            "devices["
                + g
                + "].link ('"
                + group.link()
                + "') is not one of "
                + new java.util.TreeSet<>(linkProfiles.keySet()));
      }
      if (group.battery() != null) {
        p = p.withBattery(group.battery());
      }
      for (int i = 0; i < group.count(); i++) {
        int n = next.merge(group.profile(), 1, Integer::sum) - 1;
        String id = String.format("%s-%02d", group.profile(), n);
        try {
          io.fleetlearn.protocol.topic.Ids.require("device id", id);
        } catch (IllegalArgumentException e) {
          throw new FleetFileException("devices[" + g + "].profile: " + e.getMessage());
        }
        out.add(
            new FleetMember(
                id,
                group.profile(),
                p,
                group.link(),
                l,
                group.churn() != null ? group.churn() : churn));
      }
    }
    return out;
  }
}
