/**
 * The device program: {@link io.fleetlearn.device.client.DeviceClient} connects to the broker,
 * keeps its retained status fresh, takes tasks one at a time, fetches and checks the task's model,
 * trains or evaluates locally and publishes the compressed update.
 */
package io.fleetlearn.device.client;
