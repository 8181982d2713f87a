package io.fleetlearn.testsupport.mosquitto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MosquittoConfigTest {
  private static final String SHIPPED =
      """
      # comment listener 1
      persistence true
      persistence_location /var/lib/mosquitto/
      max_queued_messages 10000
      listener 1883
      listener 8883
      """;

  @Test
  void set_replacesTheFirstLineInPlace_andDropsRepeats() {
    String out = MosquittoConfig.of(SHIPPED).set("listener", "4242 127.0.0.1").render();

    assertThat(out.lines())
        .containsExactly(
            "# comment listener 1",
            "persistence true",
            "persistence_location /var/lib/mosquitto/",
            "max_queued_messages 10000",
            "listener 4242 127.0.0.1");
  }

  @Test
  void set_appendsADirectiveTheShippedFileLacks_andKeepsTheOthers() {
    MosquittoConfig config =
        MosquittoConfig.of(SHIPPED)
            .set("persistence_location", "/tmp/x/")
            .set("acl_file", "/tmp/acl");

    String out = config.render();

    assertThat(out).contains("persistence_location /tmp/x/\n", "max_queued_messages 10000\n");
    assertThat(out).endsWith("acl_file /tmp/acl\n").doesNotContain("/var/lib/mosquitto");
    assertThat(config.get("max_queued_messages")).isEqualTo("10000");
    assertThat(config.get("acl_file")).isEqualTo("/tmp/acl");
    assertThat(config.get("password_file")).isNull();
  }
}
