/** Loopback networking for tests: free ports, waiting for a listener, a link that can be cut. */
package io.fleetlearn.testsupport.net;
