// Package progress owns what the client sees of a document's journey: the
// stage table (the four fixed frames, text verbatim), the progressUpdate
// frame built from a document's stored state, and the Publisher that pushes
// a frame to every connection subscribed to the document through the API
// Gateway Management API.
package progress
