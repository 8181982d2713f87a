package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every value carries a `## @param` (Bitnami readme-generator style), and nothing else does. */
class ValuesDocumentationTest {
  private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) \\S.*$");

  private static void leaves(String prefix, JsonNode node, Set<String> out) {
    if (node.isObject() && !node.isEmpty()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        leaves(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.add(prefix);
    }
  }

  @Test
  void shouldDocumentEveryValueWithAParamLine() throws IOException {
    String text = Chart.read(Chart.dir().resolve("values.yaml"));
    Set<String> values = new TreeSet<>();
    leaves("", new YAMLMapper().readTree(text), values);

    Set<String> documented =
        text.lines()
            .map(PARAM::matcher)
            .filter(Matcher::matches)
            .map(m -> m.group(1))
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(values).hasSizeGreaterThan(50);
    assertThat(documented).as("## @param lines").containsExactlyInAnyOrderElementsOf(values);
  }
}
