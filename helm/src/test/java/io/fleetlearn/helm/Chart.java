package io.fleetlearn.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chart under test, rendered through helm-java (helm 3 in-process, offline), and the rendered
 * objects parsed with Jackson so that tests check structure, not text.
 */
final class Chart {
  static final String RELEASE = "fl";
  static final String NAMESPACE = "fleet";

  /** The cluster version renders assume (helm's own default, 1.20, is below the chart's floor). */
  static final String KUBE_VERSION = "1.30.0";

  /** The value sets every scenario test renders; "default" is values.yaml alone. */
  static final List<String> SCENARIOS =
      List.of(
          "default", "simulation", "large-simulation", "external-broker", "tls", "existing-secret");

  private static final YAMLMapper YAML = new YAMLMapper();

  private Chart() {}

  static Path dir() {
    return Path.of(System.getProperty("fleetlearn.chart", "fleetlearn")).toAbsolutePath();
  }

  static Path valuesFile(String scenario) {
    return Path.of("src/test/resources/values", scenario + ".yaml").toAbsolutePath();
  }

  static Helm helm() {
    return new Helm(dir());
  }

  /** The annotation the render copy gives hooks instead of {@code helm.sh/hook}. */
  static final String HOOK = "fleetlearn.test/helm-hook";

  /**
   * A copy of the chart whose hooks are ordinary resources. helm-java's template (unlike the helm
   * CLI's) leaves hooks out of its output, and the credentials Secret and the test pod are hooks;
   * the copy renames {@code helm.sh/hook*} annotations to {@link #HOOK}{@code *}, nothing else.
   */
  static Path renderCopy() {
    return RenderCopy.PATH;
  }

  /** Made once per test JVM, when first used (class initialization is thread-safe). */
  private static final class RenderCopy {
    static final Path PATH = make();
  }

  private static Path make() {
    Path copy = Path.of("target", "chart-hooks-as-resources", "fleetlearn").toAbsolutePath();
    try {
      if (Files.exists(copy)) {
        try (Stream<Path> old = Files.walk(copy)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      try (Stream<Path> files = Files.walk(dir())) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(dir().relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.writeString(target, Files.readString(f).replace("helm.sh/hook", HOOK));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  /** Renders a scenario, with optional extra {@code --set} values. */
  static Rendered render(String scenario, Map<String, Object> set) {
    TemplateCommand template =
        new Helm(renderCopy())
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    if (!"default".equals(scenario)) {
      template = template.withValuesFile(valuesFile(scenario));
    }
    for (Map.Entry<String, Object> e : set.entrySet()) {
      template = template.set(e.getKey(), e.getValue());
    }
    String text = template.call();
    // Kept for people: target/rendered/<scenario>.yaml is what the assertions looked at.
    try {
      Path out = Path.of("target", "rendered", scenario + (set.isEmpty() ? "" : "-set") + ".yaml");
      Files.createDirectories(out.getParent());
      Files.writeString(out, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Rendered.parse(text);
  }

  static Rendered render(String scenario) {
    return render(scenario, Map.of());
  }

  /** The rendered manifests: every object, test hooks included. */
  record Rendered(String text, List<JsonNode> objects) {
    static Rendered parse(String text) {
      List<JsonNode> out = new ArrayList<>();
      try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
        while (it.hasNext()) {
          JsonNode node = it.next();
          if (node != null && !node.isNull() && !node.isEmpty()) {
            out.add(node);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("rendered chart is not valid YAML", e);
      }
      return new Rendered(text, List.copyOf(out));
    }

    Stream<JsonNode> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name) {
      return ofKind(kind).filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst();
    }

    JsonNode get(String kind, String name) {
      return find(kind, name)
          .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " rendered"));
    }

    /** Every pod spec: workloads' templates and bare pods (the helm test). */
    List<PodSpec> podSpecs() {
      List<PodSpec> out = new ArrayList<>();
      for (JsonNode o : objects) {
        String kind = o.path("kind").asText();
        String name = kind + "/" + o.at("/metadata/name").asText();
        switch (kind) {
          case "Pod" -> out.add(new PodSpec(name, o.path("spec")));
          case "StatefulSet", "Deployment", "DaemonSet", "ReplicaSet", "Job" ->
              out.add(new PodSpec(name, o.at("/spec/template/spec")));
          case "CronJob" ->
              out.add(new PodSpec(name, o.at("/spec/jobTemplate/spec/template/spec")));
          default -> {}
        }
      }
      return out;
    }
  }

  /** A pod spec and where it came from, for messages. */
  record PodSpec(String owner, JsonNode spec) {
    List<JsonNode> allContainers() {
      List<JsonNode> out = new ArrayList<>();
      spec.path("initContainers").forEach(out::add);
      spec.path("containers").forEach(out::add);
      return out;
    }

    JsonNode container(String name) {
      return allContainers().stream()
          .filter(c -> name.equals(c.path("name").asText()))
          .findFirst()
          .orElseThrow(() -> new AssertionError(owner + " has no container " + name));
    }

    JsonNode volume(String name) {
      for (JsonNode v : spec.path("volumes")) {
        if (name.equals(v.path("name").asText())) {
          return v;
        }
      }
      throw new AssertionError(owner + " has no volume " + name);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
