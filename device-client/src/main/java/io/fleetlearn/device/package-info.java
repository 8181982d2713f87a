/** The device client (issue 4 builds it here). */
package io.fleetlearn.device;
