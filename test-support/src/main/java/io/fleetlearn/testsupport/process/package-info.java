/**
 * Other JVMs for tests that must kill a process for real (SIGKILL), which no in-JVM shutdown can
 * imitate: nothing runs, nothing is flushed, file handles simply vanish.
 */
package io.fleetlearn.testsupport.process;
