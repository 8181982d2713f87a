/**
 * Rules a device's owner sets for when it may train (only when charging, above a battery level,
 * below a temperature, when idle); a task the device cannot take is declined with a reason.
 */
package io.fleetlearn.device.eligibility;
