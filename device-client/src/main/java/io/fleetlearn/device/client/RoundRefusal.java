package io.fleetlearn.device.client;

/** Why a task was not carried out; the reason goes into the device's status as a decline. */
final class RoundRefusal extends Exception {
  RoundRefusal(String reason) {
    super(reason, null, false, false);
  }
}
