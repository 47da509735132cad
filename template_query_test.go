package docflow_test

// These tests hold the question path's resources in template.yaml (the
// queries queue and its dead-letter queue, the queries table, the answer
// worker, the knowledge base in S3 Vectors and the Index stage) to the
// rules of issue 13 and to the Go code that uses them.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"docflow/shared/domain"
	"docflow/shared/processor"
	"docflow/shared/progress"
	"docflow/shared/store"
	"docflow/shared/workflow"
)

const (
	queueID      = "QueriesQueue"
	dlqID        = "QueriesDeadLetterQueue"
	queriesID    = "QueriesTable"
	answerID     = "AnswerFunction"
	indexID      = "IndexFunction"
	kbID         = "KnowledgeBase"
	dataSourceID = "DocumentsDataSource"
	vectorIndex  = "VectorIndex"
	kbRoleID     = "KnowledgeBaseRole"
)

func ref(id string) any          { return map[string]any{"Ref": id} }
func getAtt(id, attr string) any { return map[string]any{"Fn::GetAtt": []any{id, attr}} }
func sub(s string) any           { return map[string]any{"Fn::Sub": s} }
func typeOf(tpl cfnTemplate, id string) string {
	return asString(dig(tpl.resources()[id], "Type"))
}

// sqsEvents returns a function's SQS events by the queue they read.
func sqsEvents(tpl cfnTemplate, fn string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, ev := range asMap(tpl.props(fn)["Events"]) {
		if asString(dig(ev, "Type")) != "SQS" {
			continue
		}
		p := asMap(dig(ev, "Properties"))
		out[fmt.Sprint(p["Queue"])] = p
	}
	return out
}

func TestQueriesQueue(t *testing.T) {
	tpl := loadTemplate(t)
	timeout := atoi(tpl.functionProp(answerID, "Timeout"))
	if timeout <= 0 {
		t.Fatalf("%s Timeout = %v, want a number of seconds", answerID, tpl.functionProp(answerID, "Timeout"))
	}
	q, dlq := tpl.props(queueID), tpl.props(dlqID)
	tests := []struct {
		name      string
		got, want any
	}{
		{"queue is SQS", typeOf(tpl, queueID), "AWS::SQS::Queue"},
		{"dead-letter queue is SQS", typeOf(tpl, dlqID), "AWS::SQS::Queue"},
		{"queue is Standard", q["FifoQueue"], nil},
		{"queue is encrypted", q["SqsManagedSseEnabled"], true},
		{"dead-letter queue is encrypted", dlq["SqsManagedSseEnabled"], true},
		{"redrive to the dead-letter queue", dig(q, "RedrivePolicy", "deadLetterTargetArn"), getAtt(dlqID, "Arn")},
		{"three receives", dig(q, "RedrivePolicy", "maxReceiveCount"), 3},
		// The Lambda guidance for SQS event sources: visibility at least 6x
		// the function's timeout.
		{"queue visibility at least 6x the worker's timeout", atoi(q["VisibilityTimeout"]) >= 6*timeout, true},
		{"dead-letter visibility at least 6x the worker's timeout", atoi(dlq["VisibilityTimeout"]) >= 6*timeout, true},
		{"dead letters outlive the queue's messages", atoi(dlq["MessageRetentionPeriod"]) > atoi(q["MessageRetentionPeriod"]), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestQueriesTable(t *testing.T) {
	tpl := loadTemplate(t)
	p := tpl.props(queriesID)
	conns := tpl.props("ConnectionsTable")
	keys := map[string]string{}
	for _, k := range asSlice(p["KeySchema"]) {
		keys[asString(dig(k, "KeyType"))] = asString(dig(k, "AttributeName"))
	}
	types := map[string]string{}
	for _, a := range asSlice(p["AttributeDefinitions"]) {
		types[asString(dig(a, "AttributeName"))] = asString(dig(a, "AttributeType"))
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"is a table", typeOf(tpl, queriesID), "AWS::DynamoDB::Table"},
		{"partition key owner", keys["HASH"], "owner"},
		{"sort key queryId", keys["RANGE"], "queryId"},
		{"key types", types, map[string]string{"owner": "S", "queryId": "S"}},
		{"on demand", p["BillingMode"], "PAY_PER_REQUEST"},
		{"TTL enabled", dig(p, "TimeToLiveSpecification", "Enabled"), true},
		{"TTL on the store's attribute", dig(p, "TimeToLiveSpecification", "AttributeName"), store.TTLAttribute},
		{"TTL as the connections table", dig(p, "TimeToLiveSpecification", "AttributeName"), dig(conns, "TimeToLiveSpecification", "AttributeName")},
		{"encrypted", dig(p, "SSESpecification", "SSEEnabled"), true},
		{"point-in-time recovery", dig(p, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}

func TestAnswerFunction(t *testing.T) {
	tpl := loadTemplate(t)
	events := sqsEvents(tpl, answerID)
	main, dead := events[fmt.Sprint(getAtt(queueID, "Arn"))], events[fmt.Sprint(getAtt(dlqID, "Arn"))]
	if main == nil || dead == nil {
		t.Fatalf("%s SQS events %v, want one on %s and one on %s", answerID, events, queueID, dlqID)
	}
	env := tpl.functionEnv(answerID)
	tests := []struct {
		name      string
		got, want any
	}{
		{"runs tasks/answer", tpl.codeDir(answerID), "tasks/answer"},
		{"batch size 1", main["BatchSize"], 1},
		{"partial batch failures", main["FunctionResponseTypes"], []any{"ReportBatchItemFailures"}},
		{"maximum concurrency is a parameter", dig(main, "ScalingConfig", "MaximumConcurrency"), ref("AnswerMaxConcurrency")},
		{"dead letters one at a time", dead["BatchSize"], 1},
		{"dead letters report failures", dead["FunctionResponseTypes"], []any{"ReportBatchItemFailures"}},
		{"dead letters concurrency bounded", dig(dead, "ScalingConfig", "MaximumConcurrency") != nil, true},
		{"names the dead-letter source", env["QUERIES_DLQ_ARN"], getAtt(dlqID, "Arn")},
		{"knowledge base", env["KNOWLEDGE_BASE_ID"], getAtt(kbID, "KnowledgeBaseId")},
		{"queries table", env["QUERIES_TABLE"], ref(queriesID)},
		{"model from the parameter", strings.Contains(fmt.Sprint(env["MODEL_ARN"]), "Ref:ModelArn"), true},
		{"pushes frames", env["WEBSOCKET_ENDPOINT"] != nil, true},
		{"arm64", tpl.functionProp(answerID, "Architectures"), []any{"arm64"}},
		{"built by the Makefile", asString(dig(tpl.resources()[answerID], "Metadata", "BuildMethod")), "makefile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	// Nothing else reads the queues.
	for _, fn := range tpl.ofType("AWS::Serverless::Function") {
		if fn != answerID && len(sqsEvents(tpl, fn)) > 0 {
			t.Errorf("%s has SQS events; only %s consumes questions", fn, answerID)
		}
	}
}

func TestMessageFunctionEnqueues(t *testing.T) {
	tpl := loadTemplate(t)
	env := tpl.functionEnv("MessageFunction")
	if got, want := env["QUERIES_QUEUE_URL"], ref(queueID); !reflect.DeepEqual(got, want) {
		t.Errorf("QUERIES_QUEUE_URL = %v, want %v (Ref of a queue is its URL)", got, want)
	}
	if got, want := env["QUERIES_TABLE"], ref(queriesID); !reflect.DeepEqual(got, want) {
		t.Errorf("QUERIES_TABLE = %v, want %v", got, want)
	}
	// invoke has a route of its own (its own throttling), to the message
	// function like every action: no route may bypass it.
	invoke := false
	for _, id := range tpl.ofType("AWS::ApiGatewayV2::Route") {
		p := tpl.props(id)
		key := asString(p["RouteKey"])
		if key != "$connect" && key != "$disconnect" && !strings.Contains(fmt.Sprint(p["Target"]), "MessageIntegration") {
			t.Errorf("route %s (%s) does not go to the message function", id, key)
		}
		invoke = invoke || key == "invoke"
	}
	if !invoke {
		t.Error("no invoke route")
	}
	// API Gateway may call the function on that route, and no wider.
	permitted := false
	for _, id := range tpl.ofType("AWS::Lambda::Permission") {
		p := tpl.props(id)
		permitted = permitted || (reflect.DeepEqual(p["FunctionName"], ref("MessageFunction")) && strings.Contains(fmt.Sprint(p["SourceArn"]), "}/*/invoke"))
	}
	if !permitted {
		t.Error("no Lambda permission for the invoke route")
	}
	settings, _ := tpl.props("WebSocketStage")["RouteSettings"].(map[string]any)
	if _, ok := settings["invoke"]; !ok {
		t.Error("WebSocketStage has no RouteSettings (throttling) for invoke")
	}
}

// grantsOf returns the resources each principal is granted action on.
func grantsOf(tpl cfnTemplate, action string) map[string][]any {
	stmts, _ := policyStatements(tpl)
	out := map[string][]any{}
	for _, s := range stmts {
		if asString(s.stmt["Effect"]) != "Allow" || !slices.Contains(strings1(s.stmt["Action"]), action) {
			continue
		}
		who, _, _ := strings.Cut(s.where, "/")
		if r, ok := s.stmt["Resource"].([]any); ok {
			out[who] = append(out[who], r...)
		} else {
			out[who] = append(out[who], s.stmt["Resource"])
		}
	}
	return out
}

// TestQueryIAM pins least privilege on the question path.
func TestQueryIAM(t *testing.T) {
	tpl := loadTemplate(t)
	kbArn := getAtt(kbID, "KnowledgeBaseArn")
	model := tpl.functionEnv(answerID)["MODEL_ARN"]
	embedding := sub("arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/${EmbeddingModelId}")
	tests := []struct {
		action string
		want   map[string][]any // the only principals granted action, with their resources
	}{
		{"sqs:SendMessage", map[string][]any{"MessageFunction": {getAtt(queueID, "Arn")}}},
		{"bedrock:RetrieveAndGenerate", map[string][]any{answerID: {kbArn}}}, // RetrieveAndGenerateStream's action
		{"bedrock:Retrieve", map[string][]any{answerID: {kbArn}}},
		{"bedrock:InvokeModelWithResponseStream", map[string][]any{answerID: {model}}},
		{"bedrock:InvokeModel", map[string][]any{answerID: {model}, kbRoleID: {embedding}}},
		{"bedrock:IngestKnowledgeBaseDocuments", map[string][]any{indexID: {kbArn}}},
		{"bedrock:GetKnowledgeBaseDocuments", map[string][]any{indexID: {kbArn}}},
		{"s3vectors:PutVectors", map[string][]any{kbRoleID: {getAtt(vectorIndex, "IndexArn")}}},
		{"s3vectors:QueryVectors", map[string][]any{kbRoleID: {getAtt(vectorIndex, "IndexArn")}}},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			if got := grantsOf(tpl, tt.action); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%s granted to %v, want exactly %v", tt.action, got, tt.want)
			}
		})
	}
	t.Run("message presigns output downloads", func(t *testing.T) {
		got := grantsOf(tpl, "s3:GetObject")["MessageFunction"]
		if !slices.ContainsFunc(got, func(r any) bool { return reflect.DeepEqual(r, sub("${DocumentsBucket.Arn}/processed/*")) }) {
			t.Errorf("MessageFunction s3:GetObject on %v, want processed/* among them", got)
		}
	})
	t.Run("knowledge base reads processed/ only", func(t *testing.T) {
		if got, want := grantsOf(tpl, "s3:GetObject")[kbRoleID], []any{sub("${DocumentsBucket.Arn}/processed/*")}; !reflect.DeepEqual(got, want) {
			t.Errorf("%s s3:GetObject on %v, want %v", kbRoleID, got, want)
		}
	})
	t.Run("only Bedrock of this account assumes the knowledge base role", func(t *testing.T) {
		trust := asSlice(dig(tpl.props(kbRoleID), "AssumeRolePolicyDocument", "Statement"))
		if len(trust) != 1 {
			t.Fatalf("%d trust statements, want 1", len(trust))
		}
		s := asMap(trust[0])
		if got := dig(s, "Principal", "Service"); got != "bedrock.amazonaws.com" {
			t.Errorf("principal %v, want bedrock.amazonaws.com", got)
		}
		if got := dig(s, "Condition", "StringEquals", "aws:SourceAccount"); !reflect.DeepEqual(got, ref("AWS::AccountId")) {
			t.Errorf("aws:SourceAccount = %v, want this account", got)
		}
	})
	t.Run("functions reach the queues only through SAM's SQS events", func(t *testing.T) {
		for _, fn := range tpl.ofType("AWS::Serverless::Function") {
			for _, p := range asSlice(tpl.props(fn)["Policies"]) {
				for name := range asMap(p) {
					if strings.HasPrefix(name, "SQS") {
						t.Errorf("%s uses %s; the message function's SendMessage and the event source's poller rights are all the queue needs", fn, name)
					}
				}
			}
		}
	})
}

func TestKnowledgeBase(t *testing.T) {
	tpl := loadTemplate(t)
	kb, ds, idx := tpl.props(kbID), tpl.props(dataSourceID), tpl.props(vectorIndex)
	embeddingDefault, _ := tpl.parameterDefault("EmbeddingModelId")
	nonFilterable := []string{}
	for _, k := range asSlice(dig(idx, "MetadataConfiguration", "NonFilterableMetadataKeys")) {
		nonFilterable = append(nonFilterable, asString(k))
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"is a knowledge base", typeOf(tpl, kbID), "AWS::Bedrock::KnowledgeBase"},
		{"vector", dig(kb, "KnowledgeBaseConfiguration", "Type"), "VECTOR"},
		{"embedding model from the parameter", dig(kb, "KnowledgeBaseConfiguration", "VectorKnowledgeBaseConfiguration", "EmbeddingModelArn"),
			sub("arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/${EmbeddingModelId}")},
		{"Titan Text Embeddings V2 by default", embeddingDefault, "amazon.titan-embed-text-v2:0"},
		{"embeddings as wide as the index", dig(kb, "KnowledgeBaseConfiguration", "VectorKnowledgeBaseConfiguration", "EmbeddingModelConfiguration",
			"BedrockEmbeddingModelConfiguration", "Dimensions"), idx["Dimension"]},
		{"stored in S3 Vectors", dig(kb, "StorageConfiguration", "Type"), "S3_VECTORS"},
		{"in this stack's index", dig(kb, "StorageConfiguration", "S3VectorsConfiguration", "IndexArn"), getAtt(vectorIndex, "IndexArn")},
		{"role", kb["RoleArn"], getAtt(kbRoleID, "Arn")},
		{"index is S3 Vectors", typeOf(tpl, vectorIndex), "AWS::S3Vectors::Index"},
		{"index in this stack's vector bucket", idx["VectorBucketArn"], getAtt("VectorBucket", "VectorBucketArn")},
		{"vector bucket", typeOf(tpl, "VectorBucket"), "AWS::S3Vectors::VectorBucket"},
		{"1024 dimensions", idx["Dimension"], 1024},
		{"cosine", idx["DistanceMetric"], "cosine"},
		{"float32", idx["DataType"], "float32"},
		{"Bedrock's text is not filterable (2 KB limit)", slices.Contains(nonFilterable, "AMAZON_BEDROCK_TEXT") && slices.Contains(nonFilterable, "AMAZON_BEDROCK_METADATA"), true},
		{"data source", typeOf(tpl, dataSourceID), "AWS::Bedrock::DataSource"},
		{"data source of this knowledge base", ds["KnowledgeBaseId"], getAtt(kbID, "KnowledgeBaseId")},
		{"on the documents bucket", dig(ds, "DataSourceConfiguration", "S3Configuration", "BucketArn"), getAtt("DocumentsBucket", "Arn")},
		{"processed outputs only", dig(ds, "DataSourceConfiguration", "S3Configuration", "InclusionPrefixes"), []any{domain.ProcessedPrefix}},
		{"the container already chunked", dig(ds, "VectorIngestionConfiguration", "ChunkingConfiguration", "ChunkingStrategy"), "NONE"},
		{"vectors go with their document", ds["DataDeletionPolicy"], "DELETE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
	// What retrieval filters on and the answer cites is what the container
	// writes in each .metadata.json: owner, documentId and page must stay
	// filterable, and every attribute is either filterable or not on purpose.
	var attrs map[string]any
	b, _ := json.Marshal(processor.ChunkAttributes{})
	if err := json.Unmarshal(b, &attrs); err != nil {
		t.Fatal(err)
	}
	for name := range attrs {
		t.Run("metadata/"+name, func(t *testing.T) {
			filterable := !slices.Contains(nonFilterable, name)
			if want := name != "documentName"; filterable != want {
				t.Errorf("%s filterable = %v, want %v", name, filterable, want)
			}
		})
	}
	for _, want := range []string{"owner", "documentId", "documentName", "page"} {
		if _, ok := attrs[want]; !ok {
			t.Errorf("chunk metadata has no %s attribute", want)
		}
	}
}

func TestIndexStage(t *testing.T) {
	tpl := loadTemplate(t)
	m := loadMachine(t, tpl)
	path, err := happyPath(m)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.Index(path, progress.Index.State); i < 1 || path[i-1] != progress.Trigger.State || path[i+1] != progress.Complete.State {
		t.Errorf("happy path %v, want %s between %s and %s", path, progress.Index.State, progress.Trigger.State, progress.Complete.State)
	}
	s := m.States[progress.Index.State]
	if got, want := asString(s.Parameters["FunctionName"]), tpl.substitutions(t)["IndexFunctionArn"]; got != want || !strings.HasSuffix(got, ":"+indexID) {
		t.Errorf("Index invokes %q, want %s (%q)", got, indexID, want)
	}
	// ResultPath null decodes as a nil pointer.
	if s.ResultPath != nil {
		t.Errorf("Index ResultPath = %q, want null (Complete reads the container's $.result)", *s.ResultPath)
	}
	pending := false
	for _, r := range s.Retry {
		if slices.Contains(r.ErrorEquals, "IndexPending") {
			pending = r.BackoffRate > 1 && r.MaxAttempts >= 3 && r.IntervalSeconds >= 1
		}
	}
	if !pending {
		t.Error("Index does not retry IndexPending with backoff")
	}
	if s.TimeoutSeconds == nil || int64(*s.TimeoutSeconds) <= atoi(tpl.functionProp(indexID, "Timeout")) {
		t.Errorf("Index TimeoutSeconds %v, want above the function's Timeout %v", s.TimeoutSeconds, tpl.functionProp(indexID, "Timeout"))
	}
	env := tpl.functionEnv(indexID)
	for name, want := range map[string]any{
		"KNOWLEDGE_BASE_ID": getAtt(kbID, "KnowledgeBaseId"),
		"DATA_SOURCE_ID":    getAtt(dataSourceID, "DataSourceId"),
		"DOCUMENTS_BUCKET":  ref("DocumentsBucket"),
	} {
		if got := env[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s %s = %v, want %v", indexID, name, got, want)
		}
	}
	if wait, err := strconv.Atoi(strings.TrimSuffix(asString(env["INDEX_WAIT"]), "s")); err != nil || int64(wait) >= atoi(tpl.functionProp(indexID, "Timeout")) {
		t.Errorf("INDEX_WAIT %v must be seconds below the function's Timeout %v", env["INDEX_WAIT"], tpl.functionProp(indexID, "Timeout"))
	}

	// Data flow: Index gets what Complete gets, and its failure reaches Fail.
	in := workflow.Input{DocumentID: "0b0e7f0c-3c1e-4d7e-9a57-1f2e3d4c5b6a", DocumentName: "a.txt", Bucket: "b",
		DocumentKey: "uploads/alice/0b0e7f0c-3c1e-4d7e-9a57-1f2e3d4c5b6a/a.txt", Owner: "alice", RequestedAt: "2026-01-01T00:00:00Z"}
	summary := domain.Summary{Type: "text/plain", Pages: 1, Words: 3, Chunks: 1}
	afterTrigger := applyResultPath(t, roundTrip(t, in), m.States[progress.Trigger.State].ResultPath, roundTrip(t, summary))
	var got workflow.CompleteEvent
	decodeStrict(t, payloadOf(t, s, afterTrigger, nil), &got)
	if got.Input != in || got.Result == nil || *got.Result != summary {
		t.Errorf("Index payload = %+v, want the input and the summary", got)
	}
	catcher := s.Catch[len(s.Catch)-1]
	failInput := applyResultPath(t, afterTrigger, catcher.ResultPath, roundTrip(t, workflow.ErrorInfo{Error: "IndexError", Cause: "x"}))
	var fail workflow.FailEvent
	if err := json.Unmarshal(mustJSON(t, payloadOf(t, m.States[catcher.Next], failInput, nil)), &fail); err != nil {
		t.Fatal(err)
	}
	if fail.Input != in || fail.Error.Error != "IndexError" {
		t.Errorf("Fail payload from Index = %+v", fail)
	}
	for _, name := range []string{"IndexPending", "IndexError"} {
		if f := domain.DescribeFailure(name, ""); strings.Contains(f.Message, "internal error") {
			t.Errorf("a failed Index (%s) reads %q; say what happened", name, f.Message)
		}
	}
}

func TestQueryOutputs(t *testing.T) {
	tpl := loadTemplate(t)
	outputs := asMap(tpl["Outputs"])
	for name, want := range map[string]any{
		"KnowledgeBaseId": getAtt(kbID, "KnowledgeBaseId"),
		"QueriesQueueUrl": ref(queueID),
	} {
		if got := dig(outputs, name, "Value"); !reflect.DeepEqual(got, want) {
			t.Errorf("output %s = %v, want %v", name, got, want)
		}
	}
}

// TestCostPerQuestionMatchesTemplate recomputes the counts the README's
// cost per question rests on.
func TestCostPerQuestionMatchesTemplate(t *testing.T) {
	tpl := loadTemplate(t)
	events := sqsEvents(tpl, answerID)
	batch := atoi(events[fmt.Sprint(getAtt(queueID, "Arn"))]["BatchSize"])
	if batch != 1 {
		t.Fatalf("batch size %d; the per-question arithmetic assumes one question per invocation", batch)
	}
	// The message function answers invoke; each function reading the queue
	// is invoked once per question at batch size 1.
	invocations := 1
	for _, fn := range tpl.ofType("AWS::Serverless::Function") {
		if _, ok := sqsEvents(tpl, fn)[fmt.Sprint(getAtt(queueID, "Arn"))]; ok {
			invocations++
		}
	}
	doc, err := os.ReadFile(deployDocPath)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, pattern, want string
	}{
		{"lambda invocations", `Lambda invocations per question: \*\*(\d+)\*\*`, strconv.Itoa(invocations)},
		// SendMessage, the mapping's ReceiveMessage, its DeleteMessage.
		{"sqs requests", `SQS requests per question: \*\*(\d+)\*\*`, "3"},
		{"answer memory", `answer worker MemorySize: \*\*(\d+) MB\*\*`, fmt.Sprint(tpl.functionProp(answerID, "MemorySize"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			match := regexp.MustCompile(tt.pattern).FindSubmatch(doc)
			if match == nil {
				t.Fatalf("%s has no line matching %s", deployDocPath, tt.pattern)
			}
			if got := string(match[1]); got != tt.want {
				t.Errorf("%s says %q, the template gives %q", deployDocPath, got, tt.want)
			}
		})
	}
}

// TestTemplateLints runs cfn-lint, as make test does, so a template edit
// tested alone is linted too.
func TestTemplateLints(t *testing.T) {
	if _, err := exec.LookPath("cfn-lint"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("cfn-lint is not installed")
		}
		t.Skip("cfn-lint is not installed; make test runs it (pip install cfn-lint)")
	}
	out, err := exec.Command("cfn-lint", templatePath).CombinedOutput()
	if err != nil {
		t.Errorf("cfn-lint %s: %v\n%s", templatePath, err, out)
	}
}
