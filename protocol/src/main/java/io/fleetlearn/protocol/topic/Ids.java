package io.fleetlearn.protocol.topic;

import java.util.regex.Pattern;

/**
 * What a fleet or device id may be. Ids go into topic names and broker ACLs, so a character such as
 * {@code /}, {@code +} or {@code #} would let a device publish or read outside its own subtree.
 */
public final class Ids {
  public static final int MAX_LENGTH = 64;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private Ids() {}

  /** Returns {@code id} when valid; otherwise an IllegalArgumentException naming {@code what}. */
  public static String require(String what, String id) {
    if (id == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (id.isEmpty() || id.length() > MAX_LENGTH || !VALID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          what
              + " ("
              + quoted(id)
              + ") must be 1 to "
              + MAX_LENGTH
              + " characters of A-Z, a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
    }
    return id;
  }

  private static String quoted(String id) {
    String shown = id.length() > 80 ? id.substring(0, 80) + "..." : id;
    return "'" + shown + "'";
  }
}
