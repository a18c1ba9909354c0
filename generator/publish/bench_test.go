package publish

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/check"
	"coachsim/generator/scenario"
)

// synthetic builds n scenarios of m moments (the last two are endings),
// three choices each, with text of realistic length.
func synthetic(tb testing.TB, n, m int) *check.Result {
	tb.Helper()
	para := strings.Repeat("The client *pauses*, then says what the week was really like. ", 5)
	res := &check.Result{Analyses: map[string]*analysis.Result{}}
	for i := 0; i < n; i++ {
		s := &scenario.Scenario{
			ID: scenario.Text{Value: fmt.Sprintf("s%03d", i)}, Title: scenario.Text{Value: fmt.Sprintf("Scenario %d", i)}, Summary: scenario.Text{Value: para},
			Difficulty: scenario.Field[scenario.Difficulty]{Value: scenario.Intermediate}, Minutes: scenario.Field[int]{Value: 10}, Skills: []scenario.Text{{Value: "spectrum"}},
			Client: scenario.Client{Name: scenario.Text{Value: "Alex"}, Role: scenario.Text{Value: "Lead"}, Background: scenario.Text{Value: para + "\n\n" + para}},
		}
		for j := 0; j < m; j++ {
			tag := fmt.Sprintf(" (%d.%d)", i, j) // distinct text, as in real scenarios
			mo := &scenario.Moment{ID: fmt.Sprintf("m%02d", j), Context: scenario.Text{Value: para + tag}, Client: scenario.Text{Value: `"` + para + tag + `"`}, Index: j}
			if j >= m-2 {
				mo.Ending = &scenario.Ending{Title: scenario.Text{Value: "End"}, Debrief: []scenario.Paragraph{{Text: scenario.Text{Value: para}}, {Text: scenario.Text{Value: para}}}, Reflection: []scenario.Text{{Value: "Why?"}, {Value: "What next?"}}}
			} else {
				for k := 0; k < 3; k++ {
					next := fmt.Sprintf("m%02d", min(j+1+k, m-1))
					cond, _ := scenario.ParseCond("trust >= 2 and accountability > 0")
					mo.Choices = append(mo.Choices, &scenario.Choice{
						Response: scenario.Text{Value: `"` + para[:120] + tag + `"`}, Trust: scenario.Field[int]{Value: k - 1}, Accountability: scenario.Field[int]{Value: 1 - k},
						Level: scenario.Field[scenario.Level]{Value: scenario.LearningCheckIn}, Fit: scenario.Field[scenario.Fit]{Value: scenario.Fits}, Honours: []scenario.Text{{Value: "learning-frame"}},
						Feedback: scenario.Text{Value: para + para + tag + fmt.Sprint(k)}, Lesson: scenario.Text{Value: "spectrum"}, Index: k,
						Next: []scenario.Route{{Condition: scenario.Condition{Cond: cond}, To: scenario.Text{Value: fmt.Sprintf("m%02d", m-2)}}, {To: scenario.Text{Value: next}}},
					})
				}
			}
			s.Moments = append(s.Moments, mo)
		}
		s.Index()
		a, err := analysis.Analyze(s, analysis.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		res.Scenarios = append(res.Scenarios, s)
		res.Analyses[s.ID.Value] = a
	}
	return res
}

// BenchmarkGenerate measures the generator's own work (rendering and
// writing the Hugo content) for 100 scenarios of 40 moments.
func BenchmarkGenerate(b *testing.B) {
	res := synthetic(b, 100, 40)
	lessons := afero.NewMemMapFs()
	write(&testing.T{}, lessons, "content/lessons/spectrum.md", "---\ntitle: Spectrum\n---\nText.\n")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fsys := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(lessons), afero.NewMemMapFs())
		pages, err := Generate(fsys, "work", Options{Check: res})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(pages), "pages")
	}
}
