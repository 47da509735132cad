// Package processor is the processing container's job (tasks/process, run
// on ECS Fargate by the RunProcessor state): it turns one uploaded document
// into text, chunks and a manifest under processed/<documentId>/, reports
// progress while it works, and answers the waiting state with exactly one
// SendTaskSuccess (the domain.Summary) or SendTaskFailure (a Document.*
// reason and a sentence for the person who uploaded it).
//
// # Flow
//
//  1. Advance the document to processing (40%) and publish the frame.
//  2. Heartbeat the task token at once and then every HeartbeatInterval; if
//     Step Functions answers that the task timed out or no longer exists,
//     the state has given up and the work stops.
//  3. Stream the upload from S3 into a temporary file (never whole into
//     memory), computing its SHA-256 on the way; over MaxDocumentBytes is
//     Document.TooLarge, an absent object Document.Missing.
//  4. Extract pages through the Extractor seam (Text handles UTF-8 plain
//     text and Markdown; the full engine in shared/extract plugs in the same
//     way), writing text.txt and chunks.jsonl to temporary files page by page
//     and publishing finer processing frames (41–99), at most two a second.
//  5. Upload text.txt, chunks.jsonl and, last, manifest.json (its presence
//     means the other two are complete), then SendTaskSuccess.
//
// Every failure, including a panic inside an extractor, ends in one
// SendTaskFailure; nothing ends in both or neither.
//
// # Outputs
//
// text.txt is the document's text, pages separated by a form feed (U+000C),
// the page break plain text has always used, so a reader can split pages
// again. chunks.jsonl has one JSON object per line:
//
//	{"index":0,"page":1,"start":0,"end":812,"text":"…"}
//
// start and end are offsets in characters (Unicode code points, not bytes)
// into text.txt, end exclusive, so text == []rune(text.txt)[start:end]. A
// chunk holds up to ChunkSize characters, never spans a page, never starts
// or ends inside a word (a single word longer than ChunkSize is one chunk
// of its own) and never starts or ends with white space; consecutive chunks
// of a page share about ChunkOverlap characters, rounded to whole words.
// manifest.json records the type, counts, the input's key, size and SHA-256,
// the chunking parameters and the timings.
package processor
