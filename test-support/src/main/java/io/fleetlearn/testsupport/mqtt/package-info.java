/** A plain MQTT 5 client for tests that play a device, a watcher or a load generator. */
package io.fleetlearn.testsupport.mqtt;
