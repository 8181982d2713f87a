package io.fleetlearn.testsupport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetlearn.testsupport.net.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
  @TempDir Path dir;

  @Test
  void child_seesItsEnvironment_listens_andDiesBySigkillWithoutShutdownHooks() {
    int port = FreePorts.next();
    try (ChildJvm child =
        ChildJvm.of(ListeningMain.class.getName())
            .env("GREETING", "hello")
            .jvmArg("-Xmx32m")
            .arg(Integer.toString(port))
            .log(dir.resolve("child.log"))
            .start()) {
      assertThat(child.awaitLine("GREETING=(\\w+)", Duration.ofSeconds(20))).isEqualTo("hello");
      child.awaitPort(port, Duration.ofSeconds(10));

      int status = child.kill();

      assertThat(status).isEqualTo(128 + 9);
      assertThat(child.isAlive()).isFalse();
      assertThat(FreePorts.isListening(port)).isFalse();
      assertThat(child.log()).doesNotContain("shutdown hook ran");
    }
  }

  @Test
  void awaitLine_failsAtOnceWithTheLog_whenTheChildExits() {
    try (ChildJvm child =
        ChildJvm.of("no.such.MainClass").log(dir.resolve("missing.log")).start()) {
      assertThatThrownBy(() -> child.awaitLine("never", Duration.ofSeconds(20)))
          .hasMessageContaining("exited with status 1")
          .hasMessageContaining("no.such.MainClass");
    }
  }
}
