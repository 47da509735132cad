package web

// The browser helpers, for the external test package web_test: it drives
// the page against the real local stack, which imports this package, so it
// cannot live in package web itself.
var (
	ArtifactsDir = artifactsDir
	NewBrowser   = newBrowser
	WatchConsole = watchConsole
	NewDriver    = newDriver
	// RecordAnswers is page script recording the texts the newest answer shows.
	RecordAnswers = recordAnswers
)
