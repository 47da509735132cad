package bedrock

import (
	"slices"
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"two sentences", "The dose is 5 mg. Take it daily!", []string{"The dose is 5 mg.", "Take it daily!"}},
		{"decimal point stays", "It costs 3.50 euros. Fine?", []string{"It costs 3.50 euros.", "Fine?"}},
		{"blank line ends a heading", "Warranty\n\nIt lasts\nseven years.", []string{"Warranty", "It lasts seven years."}},
		{"no final stop", "  last words  ", []string{"last words"}},
		{"empty", " \n ", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := sentences(c.text); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

func TestWordGroups(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"one two three four five six seven eight nine", []string{"one two three four ", "five six seven eight ", "nine"}},
		{"short one", []string{"short one"}},
		{" lead  space and  more words here", []string{" lead  space and  more ", "words here"}},
	} {
		got := wordGroups(c.text)
		if !slices.Equal(got, c.want) {
			t.Errorf("wordGroups(%q): got %q, want %q", c.text, got, c.want)
		}
		if strings.Join(got, "") != c.text {
			t.Errorf("wordGroups(%q) does not add up to the text", c.text)
		}
	}
}

func TestCompose(t *testing.T) {
	kb, err := Open(Config{Objects: memObjects{}})
	if err != nil {
		t.Fatal(err)
	}
	defer kb.Close()
	a := kb.index.Mapping().AnalyzerNamed(textAnalyzer)
	p := func(text string) passage { return passage{chunk: chunk{Text: text}} }
	passages := []passage{
		p("The boiler is white. Its warranty lasts seven years. Call us anytime."),
		p("Frost voids the boiler warranty. Its warranty lasts\nseven years."),
		p("Unrelated text about gardens."),
	}
	for _, c := range []struct {
		name, question string
		want           []part
	}{
		{"best sentences in passage order, a repeated one cites both",
			"How long does the boiler warranty last?",
			[]part{{"The boiler is white.", []int{0}}, {"Its warranty lasts seven years.", []int{0, 1}}, {"Frost voids the boiler warranty.", []int{1}}}},
		{"stemming matches lasting to lasts", "lasting", []part{{"Its warranty lasts seven years.", []int{0, 1}}}},
		{"stop words alone match nothing", "the of and", nil},
		{"nothing shared", "quantum", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := compose(a, c.question, passages)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i].text != c.want[i].text || !slices.Equal(got[i].refs, c.want[i].refs) {
					t.Errorf("part %d: got %v, want %v", i, got[i], c.want[i])
				}
			}
		})
	}
}
