package io.fleetlearn.protocol.message;

/**
 * A task the device would not take, and why: "battery 12% is below 30%", "not charging".
 *
 * @param round the task's round
 * @param reason for people and the coordinator's records
 */
public record Decline(long round, String reason) {
  public Decline {
    Check.atLeast("decline.round", round, 0);
    Check.text("decline.reason", reason, Check.MAX_TEXT);
  }
}
