/**
 * What a simulation leaves behind: per-round CSV and JSON, a self-contained HTML report with inline
 * SVG charts, and the same charts as PNG (drawn with Java2D, no chart library).
 */
package io.fleetlearn.simulator.report;
