// Package domain holds docflow's own vocabulary: documents and their
// lifecycle, connections, the stage names that the state machine, the tasks
// and the client frames all share, and the single Error type whose codes the
// transports map to answers.
//
// It depends on nothing else in docflow, so every other package may use it.
package domain
