/**
 * A real Mosquitto broker for tests: started from the configuration we ship (paths, port and log
 * substituted), with its own password and ACL files in a temporary folder, killed with SIGKILL and
 * restarted on the same port and persistence folder.
 */
package io.fleetlearn.testsupport.mosquitto;
