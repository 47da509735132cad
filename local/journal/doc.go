// Package journal is the append-only JSON-lines file the local services
// (sqs, bedrock, sfn) keep their acknowledged changes in, and the rules
// that make it survive kill -9.
//
// Durability:
//
//   - Append encodes its records, one JSON line each, and returns a wait.
//     The wait returns only after the lines are fsynced (or with the
//     error that stopped them), so a service answers a request only once
//     its change is on disk.
//   - Group commit: appends that arrive while an fsync runs share the
//     next one. A wait whose lines an earlier fsync already covered
//     returns at once, so N concurrent appends cost about two fsyncs, not N.
//   - Appends never block on the disk: a background flusher hands what
//     was appended to the kernel at once, so a kill -9 (which loses no
//     page cache) loses at most the records of its last moment, and
//     those were never acknowledged.
//   - A failed write or fsync is sticky: after it nothing more is
//     acknowledged, since whether the kernel kept the page is unknown.
//   - Replay reads the lines back in order. A last line cut short (no
//     newline, or not JSON) is what a crash mid-write leaves; it was never
//     acknowledged and is dropped. A bad line before the last is not what
//     a crash leaves: replay refuses it with a *LineError naming its line.
//   - Open, Create and Rewrite fsync the directory after creating or
//     renaming a file, so the file's name survives a power cut too.
//
// What a service does with its journal (sqs compacts it, bedrock rotates
// it and removes files bleve has persisted, sfn keeps it whole) is its own
// policy and stays in that package.
package journal
