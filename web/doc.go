// Package web is docflow's browser client: a single page of plain ES
// modules (no build step) in static/, embedded here so `docflow serve` can
// serve it, and deployable as-is as static files for a real stack.
//
// The page reads config.json from its own origin. Handler serves the
// embedded files and generates config.json from a Config, so the local stack
// hands the page its own endpoints and dev token; a deployed team edits
// static/config.json instead (see README.md).
package web
