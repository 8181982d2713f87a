/** The MQTT topic names of a fleet, and the rules for the ids that go into them. */
package io.fleetlearn.protocol.topic;
