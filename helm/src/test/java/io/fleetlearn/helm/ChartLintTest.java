package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartLintTest {
  @Test
  void shouldLintStrictlyWithoutFindings() {
    // helm-java's lint takes no values file: the scenarios go through the same schema and
    // templates when they are rendered (ScenarioRenderTest).
    LintResult result = Chart.helm().lint().strict().call();

    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    List<String> findings = new ArrayList<>(result.getMessages());
    // The one INFO finding helm always reports without an icon URL: the chart has no logo.
    findings.removeIf(m -> m.contains("icon is recommended"));
    assertThat(findings).as("lint findings").isEmpty();
  }
}
