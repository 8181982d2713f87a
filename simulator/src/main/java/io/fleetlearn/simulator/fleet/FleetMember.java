package io.fleetlearn.simulator.fleet;

/**
 * One virtual device of the fleet, resolved.
 *
 * @param deviceId its id, e.g. {@code pi-zero-2w-03}
 * @param profileName the device profile's name
 * @param profile the device profile (with the group's battery, if it set one)
 * @param linkName the link profile's name
 * @param link the link profile
 * @param churn how it comes and goes, or null for always there
 */
public record FleetMember(
    String deviceId,
    String profileName,
    DeviceProfile profile,
    String linkName,
    LinkProfile link,
    Churn churn) {

  /** A member that does not churn. */
  public FleetMember(
      String deviceId,
      String profileName,
      DeviceProfile profile,
      String linkName,
      LinkProfile link) {
    this(deviceId, profileName, profile, linkName, link, null);
  }
}
