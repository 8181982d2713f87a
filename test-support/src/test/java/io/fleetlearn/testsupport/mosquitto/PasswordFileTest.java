package io.fleetlearn.testsupport.mosquitto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordFileTest {
  /** Written by {@code mosquitto_passwd -c -b pw alice secret} (Mosquitto 2.0.11). */
  private static final String MOSQUITTO_PASSWD_LINE =
      "alice:$7$101$ZNkKEWUvXNffpkAa$mlMHCTe+wl+lYGWlSUMYHob9ql7ijL/q4LzY3Cm91pmBOCilg0JlxNoP6nLrrk"
          + "L2Ow1P0bHthIfiRnGwTC5gNw==";

  @Test
  void hash_equalsMosquittoPasswdOutput_forTheSameSalt() {
    byte[] salt = Base64.getDecoder().decode("ZNkKEWUvXNffpkAa");

    String hash = PasswordFile.hash("secret", salt);

    assertThat("alice:" + hash).isEqualTo(MOSQUITTO_PASSWD_LINE);
  }

  @Test
  void render_writesOneLinePerUser_withFreshSalts() {
    Map<String, String> users = new LinkedHashMap<>();
    users.put("d-1", "same");
    users.put("d-2", "same");

    String text = PasswordFile.render(users, new SecureRandom());

    assertThat(text.lines()).hasSize(2);
    assertThat(text.lines().map(l -> l.substring(l.indexOf(':') + 1))).doesNotHaveDuplicates();
    assertThat(text.lines()).allMatch(l -> l.matches("d-\\d:\\$7\\$101\\$[^$]{16}\\$[^$]{88}"));
  }

  @Test
  void render_refusesAUserNameWithAColon() {
    assertThatThrownBy(() -> PasswordFile.render(Map.of("a:b", "pw"), new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a:b");
  }
}
