/** The fleet simulator (issue 6 builds it here). */
package io.fleetlearn.simulator;
