package io.fleetlearn.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every value set renders, and what it renders is YAML objects Kubernetes would recognize. */
class ScenarioRenderTest {
  static final List<String> SCENARIOS = Chart.SCENARIOS;

  @ParameterizedTest(name = "{0}")
  @FieldSource("SCENARIOS")
  void shouldRenderOnlyWellFormedObjects(String scenario) {
    Chart.Rendered r = Chart.render(scenario);

    assertThat(r.objects()).isNotEmpty();
    assertThat(r.objects())
        .allSatisfy(
            o -> {
              assertThat(o.path("apiVersion").asText()).isNotBlank();
              assertThat(o.path("kind").asText()).isNotBlank();
              assertThat(o.at("/metadata/name").asText()).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
              assertThat(o.at("/metadata/name").asText().length()).isLessThanOrEqualTo(63);
              assertThat(o.at("/metadata/labels/app.kubernetes.io~1instance").asText())
                  .isEqualTo(Chart.RELEASE);
            });
  }
}
