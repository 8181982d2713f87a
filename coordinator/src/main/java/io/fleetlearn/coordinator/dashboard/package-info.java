/**
 * The dashboard: a static page, its script and style sheet, and the uPlot chart library from its
 * webjar, all served from the coordinator's jar (no build step, no CDN: installations may be
 * offline). The page reads the REST API and the event stream; it needs the token only for actions.
 */
package io.fleetlearn.coordinator.dashboard;
