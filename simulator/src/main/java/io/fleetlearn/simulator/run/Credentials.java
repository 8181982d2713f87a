package io.fleetlearn.simulator.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Secrets made fresh for one run, so the embedded broker and the API run with authentication on
 * (not demo mode). The device password is written to a file readable by the owner only, the way a
 * device keeps it.
 */
record Credentials(
    String coordinatorPassword, String devicePassword, String apiToken, Path deviceFile) {

  static Credentials generate(Path run) throws IOException {
    SecureRandom random = new SecureRandom();
    String device = secret(random);
    Path file = run.resolve("device-password");
    Files.writeString(file, device);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the run folder's own permissions are all there is.
    }
    return new Credentials(secret(random), device, secret(random), file);
  }

  private static String secret(SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "Credentials[deviceFile=" + deviceFile + "]"; // Secrets stay out of logs.
  }
}
