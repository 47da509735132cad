package docflow_test

import (
	"strings"
	"testing"
)

// TestStateNamesSayWhatTheyDo: ops read state names in the console, so a
// state is not named after another state type (a Task called "Fail"
// beside the Fail state "Failed"), and a state that invokes a Lambda
// function does not name another service (a "TriggerECS" that is a Lambda
// invoke).
func TestStateNamesSayWhatTheyDo(t *testing.T) {
	types := []string{"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}
	services := []string{"ECS", "Fargate", "Batch", "Glue", "SQS", "SNS", "DynamoDB", "S3"}
	m := loadMachine(t, loadTemplate(t))
	for _, name := range stateNames(m) {
		s := m.States[name]
		for _, typ := range types {
			if name == typ && s.Type != typ {
				t.Errorf("state %q is a %s state named after the %s type", name, s.Type, typ)
			}
		}
		if s.Type == "Task" && strings.Contains(s.Resource, ":lambda:") {
			for _, svc := range services {
				if strings.Contains(name, svc) {
					t.Errorf("state %q invokes Lambda (%s) but is named after %s", name, s.Resource, svc)
				}
			}
		}
	}
}
