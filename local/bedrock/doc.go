// Package bedrock is docflow's local Amazon Bedrock knowledge base: the
// bedrock-agent ingestion calls and the bedrock-agent-runtime retrieval
// calls, on loopback, answered so that the unchanged aws-sdk-go-v2 clients
// (bedrockagent v1.67.0, bedrockagentruntime v1.63.1) accept them.
//
// # Use
//
//	kb, err := bedrock.Open(bedrock.Config{Dir: dir, Objects: bucketStore})
//	mux.Handle("/bedrock-agent/", http.StripPrefix("/bedrock-agent", kb.AgentHandler()))
//	mux.Handle("/bedrock-agent-runtime/", http.StripPrefix("/bedrock-agent-runtime", kb.RuntimeHandler()))
//	defer kb.Close()
//
// There is one knowledge base (Config.KnowledgeBaseID, default
// DefaultKnowledgeBaseID) with one S3 data source (Config.DataSourceID,
// default DefaultDataSourceID) and chunking NONE: each ingested S3 object is
// one chunk. Another id is a ResourceNotFoundException; an id that breaks
// the service's pattern a ValidationException.
//
// # Ingestion (bedrock-agent)
//
// IngestKnowledgeBaseDocuments (PUT …/documents) takes 1 to 25 documents
// (the service's limit) whose content is an S3 location
// (dataSourceType S3) and whose metadata is an S3 location (S3_LOCATION),
// inline attributes (IN_LINE_ATTRIBUTE) or, when omitted, the object's
// <key>.metadata.json if there is one. Metadata files are
// {"metadataAttributes":{"owner":"…","page":3,…}} with plain or typed
// values. Objects are read through the Objects interface. As in the
// service, ingestion is asynchronous: the answer (202) says STARTING, or
// FAILED with a reason for a document whose object is missing or whose
// metadata is invalid, and GetKnowledgeBaseDocuments reports IN_PROGRESS
// until the document is searchable, then INDEXED (or FAILED, NOT_FOUND).
// DeleteKnowledgeBaseDocuments answers DELETING, then NOT_FOUND. While
// 50,000 documents wait to be indexed, an ingestion call is refused with
// ThrottlingException (429), which the SDK retries. The
// local index takes a document within milliseconds under light load, so
// the stack's Index stage polls from 1.25 ms, doubling up to every 20 ms
// (INDEX_POLL_INTERVAL), rather than up to AWS's 2 s.
//
// # Index
//
// blevesearch/bleve/v2 (pure Go) with BM25 scoring (mapping ScoringModel
// "bm25"; bleve's default is TF-IDF), English analysis of the chunk text
// (bleve's "en" chain with a faster tokenizer of the same tokens, see
// tokenizer.go) and
// exact keyword fields owner, documentId and documentName plus a numeric
// page; the source URI is the bleve document id (a filter on
// x-amz-bedrock-kb-source-uri matches it), and the chunk id is derived from
// it, so neither is a field. Without Config.Dir the index lives in memory. With
// it, the index is scorch on disk in Dir/index.bleve, and every ingestion or
// deletion call is first appended to a journal file in Dir and fsynced
// (one fsync for the calls waiting at that moment) before it is answered,
// then queued. An indexer takes what is queued into scorch as unsafe
// batches of up to 2,000 chunks (scorch persists them in the background),
// so a busy moment costs a few large segments rather than one small
// segment per call; two batches run side by side under load, never two
// with a change to the same document. A journal file is removed once
// scorch reports all its batches persisted; Open replays what remains. So
// a kill -9 loses nothing that was acknowledged, without paying scorch's
// several fsyncs per batch, and Close indexes what is queued first.
//
// # Retrieval (bedrock-agent-runtime)
//
// Retrieve (POST /knowledgebases/{id}/retrieve) returns the top
// numberOfResults (1 to 100, default 5) chunks by BM25 under the
// vectorSearchConfiguration filter. There are no embeddings: "vector
// search" is keyword search here, and score is the raw BM25 score, not a
// similarity in [0, 1]. Filters support equals, notEquals, in, notIn,
// andAll and orAll (andAll and orAll need at least 2 members, as in the
// service) on the metadata keys owner, documentId, documentName, page
// (numbers match numbers only) and x-amz-bedrock-kb-source-uri; another
// operator or key is a ValidationException rather than a silent mismatch.
// References carry the chunk's attributes plus x-amz-bedrock-kb-source-uri,
// x-amz-bedrock-kb-chunk-id and x-amz-bedrock-kb-data-source-id.
//
// # The local model is extractive
//
// There are no model weights on a laptop, so RetrieveAndGenerateStream
// (POST /retrieveAndGenerateStream) does not generate text: modelArn is
// required but not used. It retrieves as Retrieve does, then answers with
// the sentences of those passages that share the most analyzed terms with
// the question (at most 3, about 700 characters, in passage order). Each
// sentence is streamed as output events of a few words, then a citation
// event whose span covers that sentence in the whole answer (character
// offsets, end exclusive) and whose references are the passages it came
// from; the event fills CitationEvent's generatedResponsePart and
// retrievedReferences, not its deprecated citation member. When nothing matches, the answer is the NothingFound sentence with
// no citation. The stream is application/vnd.amazon.eventstream written
// with the SDK's own aws/protocol/eventstream encoder; the session id
// (echoed, or a new UUID) is in the x-amzn-bedrock-knowledge-base-session-id
// header, as restJson1 has no initial-response message.
//
// # Faults
//
// WithFaults (or SetFaults on a running knowledge base) makes chosen
// stream calls end with an exception message after N events, e.g.
// throttlingException, which the SDK surfaces as its typed error, so tests
// can check a client's mid-stream failure handling and retries.
//
// # Not covered
//
// Signatures are not checked. No ingestion jobs (StartIngestionJob), no
// custom data sources, no ListKnowledgeBaseDocuments, no
// RetrieveAndGenerate (non-streaming), guardrails, reranking, pagination
// (nextToken) or session storage: a follow-up question is answered on its
// own.
package bedrock
