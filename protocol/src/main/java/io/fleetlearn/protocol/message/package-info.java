/**
 * The JSON control messages of design.md (device status, task, coordinator status) as records.
 * Every message from outside is read through {@link io.fleetlearn.protocol.message.Messages}:
 * unknown or missing fields, out-of-range values and oversized strings are refused with a {@link
 * io.fleetlearn.protocol.message.ProtocolException} that names the field.
 */
package io.fleetlearn.protocol.message;
