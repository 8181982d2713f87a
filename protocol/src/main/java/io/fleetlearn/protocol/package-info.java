/** MQTT topics, control messages and the model spec (issue 4 builds them here). */
package io.fleetlearn.protocol;
