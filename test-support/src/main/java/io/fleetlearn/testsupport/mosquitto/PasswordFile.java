package io.fleetlearn.testsupport.mosquitto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Writes Mosquitto 2's password file format without running {@code mosquitto_passwd} once per user
 * (a benchmark has hundreds): {@code user:$7$101$<salt>$<hash>}, PBKDF2-HMAC-SHA512 over 101
 * iterations, a 12-byte salt and a 64-byte hash, both Base64. Checked against {@code
 * mosquitto_passwd -b} output and by logging in to a real broker.
 */
final class PasswordFile {
  private static final int ITERATIONS = 101;
  private static final int SALT_BYTES = 12;
  private static final int HASH_BITS = 512;

  private PasswordFile() {}

  /** The file's text for {@code users} (name → clear password), one line each. */
  static String render(Map<String, String> users, SecureRandom random) {
    StringBuilder out = new StringBuilder();
    users.forEach(
        (user, password) -> {
          if (user.isEmpty() || user.contains(":") || user.contains("\n")) {
            throw new IllegalArgumentException(
                "user name (" + user + ") must be non-empty, without ':' or a line break");
          }
          byte[] salt = new byte[SALT_BYTES];
          random.nextBytes(salt);
          out.append(user).append(':').append(hash(password, salt)).append('\n');
        });
    return out.toString();
  }

  /** One hash in the {@code $7$} format, for {@code salt}. */
  static String hash(String password, byte[] salt) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, ITERATIONS, HASH_BITS);
      byte[] key =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
      Base64.Encoder b64 = Base64.getEncoder();
      return "$7$" + ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA512", e);
    }
  }
}
