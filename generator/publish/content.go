package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"path"
	"slices"
	"sort"

	"github.com/spf13/afero"

	"coachsim/generator/analysis"
	"coachsim/generator/render"
	"coachsim/generator/scenario"
)

// The Hugo content is a tree of Markdown files whose bodies are empty: all
// text is rendered by the generator's goldmark renderer and stored, as
// HTML, in the front matter's params. Hugo never parses scenario text, so
// text that looks like a shortcode ({{< x >}}) comes out literally, and raw
// HTML stays dropped whatever Hugo's own Markdown settings say.
//
// Front matter is JSON, written with encoding/json.

// frontMatter is one content file.
type frontMatter struct {
	Title  string            `json:"title"`
	URL    string            `json:"url,omitempty"`
	Layout string            `json:"layout,omitempty"`
	Weight int               `json:"weight,omitempty"`
	Build  map[string]string `json:"build,omitempty"`
	Params any               `json:"params,omitempty"`
}

// Param structs. Hugo lower-cases param keys, so the JSON names are lower
// case (with underscores) and templates use them as written here.

type linkParam struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

type quadrantParam struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Meaning string `json:"meaning"`
}

type rangeParam struct {
	MinTrust          int    `json:"min_trust"`
	MaxTrust          int    `json:"max_trust"`
	MinAccountability int    `json:"min_accountability"`
	MaxAccountability int    `json:"max_accountability"`
	Text              string `json:"text"`
}

type tagParam struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Kind  string `json:"kind"`
	URL   string `json:"url,omitempty"`
}

// scenarioParams are shared by every page of a scenario.
type scenarioParams struct {
	Page          string `json:"page"` // the body's data-page
	Scenario      string `json:"scenario"`
	ScenarioTitle string `json:"scenario_title"`
	ClientName    string `json:"client_name"`
	IntroURL      string `json:"intro_url"`
	ScriptURL     string `json:"script_url"`
	StartURL      string `json:"start_url"`
	DataURL       string `json:"data_url"`
}

type homeParams struct {
	Page      string          `json:"page"`
	Quadrant  *linkParam      `json:"quadrant_lesson"`
	Scenarios []cardParam     `json:"scenarios"`
	Quadrants []quadrantParam `json:"quadrants"`
	Lessons   []linkParam     `json:"lessons"`
}

// cardParam describes a scenario on the home page and its intro.
type cardParam struct {
	ID           string        `json:"id"`
	Title        string        `json:"title"`
	URL          string        `json:"url"`
	Summary      template.HTML `json:"summary"`
	Difficulty   string        `json:"difficulty"`
	Minutes      int           `json:"minutes"`
	Skills       []linkParam   `json:"skills"`
	ContentNotes []string      `json:"content_notes"`
	Moments      int           `json:"moments"`
	Endings      int           `json:"endings"`
}

type introParams struct {
	scenarioParams
	TextURL    string        `json:"text_url,omitempty"` // the intro's resume note names the ending reached
	Card       cardParam     `json:"card"`
	ClientRole string        `json:"client_role"`
	Background template.HTML `json:"background"`
	Initial    posParam      `json:"initial"`
}

type posParam struct {
	Trust          int    `json:"trust"`
	Accountability int    `json:"accountability"`
	Quadrant       string `json:"quadrant"`
	QuadrantName   string `json:"quadrant_name"`
}

// choiceLinkParam is one choice of a moment page, listed in the shown
// order: Index is its authored index (in its feedback page's address and in
// data-choice), Number its place in the list as the reader sees it.
type choiceLinkParam struct {
	Index    int           `json:"index"`
	Number   int           `json:"number"`
	Response template.HTML `json:"response"`
	URL      string        `json:"url"`
}

type momentParams struct {
	scenarioParams
	Moment  string            `json:"moment"`
	Step    string            `json:"step"`
	Context template.HTML     `json:"context"`
	Client  template.HTML     `json:"client"`
	Choices []choiceLinkParam `json:"choices"`
	IsStart bool              `json:"is_start"`
	Range   *rangeParam       `json:"range"`
}

type feedbackParams struct {
	scenarioParams
	Moment           string        `json:"moment"`
	MomentURL        string        `json:"moment_url"`
	Choice           int           `json:"choice"`
	Client           template.HTML `json:"client"`
	Response         template.HTML `json:"response"`
	Feedback         template.HTML `json:"feedback"`
	Trust            string        `json:"trust"` // signed: the response's effect
	Accountability   string        `json:"accountability"`
	TrustWords       string        `json:"trust_words"` // "raises trust by 1"
	AccountabilWords string        `json:"accountability_words"`
	DT               int           `json:"dt"`
	DA               int           `json:"da"`
	Level            string        `json:"level"`
	LevelLabel       string        `json:"level_label"`
	Fit              string        `json:"fit"`
	FitLabel         string        `json:"fit_label"`
	Honours          []tagParam    `json:"honours"`
	Breaks           []tagParam    `json:"breaks"`
	Lesson           *linkParam    `json:"lesson"`
	ContinueURL      string        `json:"continue_url"`
	ContinueEnding   bool          `json:"continue_ending"`
	Conditional      bool          `json:"conditional"`
}

type endingParams struct {
	scenarioParams
	TextURL    string          `json:"text_url"`
	Moment     string          `json:"moment"`
	Outcome    string          `json:"outcome"`
	Client     template.HTML   `json:"client"`
	Context    template.HTML   `json:"context"`
	Debrief    []debriefParam  `json:"debrief"`
	Reflection []template.HTML `json:"reflection"`
	Reached    bool            `json:"reached"`
	Quadrants  []quadrantParam `json:"quadrants"`
	Range      *rangeParam     `json:"range"`
	Paths      string          `json:"paths"`
}

// debriefParam is one paragraph of an ending's debrief. If and Cond are
// empty for a paragraph shown on every path; otherwise If says on which
// paths it applies, in words, and Cond is the condition as written.
type debriefParam struct {
	Index int           `json:"index"`
	HTML  template.HTML `json:"html"`
	If    string        `json:"if"`
	Cond  string        `json:"cond"`
}

// scriptParams is the intro's content followed by the whole scenario.
type scriptParams struct {
	introParams
	Moments []scriptMoment  `json:"moments"`
	Endings []scriptEndInfo `json:"endings"`
}

type scriptMoment struct {
	ID        string         `json:"id"`
	Name      string         `json:"name"`
	URL       string         `json:"url"`
	Anchor    string         `json:"anchor"`
	Context   template.HTML  `json:"context"`
	Client    template.HTML  `json:"client"`
	IsStart   bool           `json:"is_start"`
	Reachable bool           `json:"reachable"`
	Range     *rangeParam    `json:"range"`
	Ending    *scriptEnding  `json:"ending"`
	Choices   []scriptChoice `json:"choices"`
}

type scriptEnding struct {
	Title      string          `json:"title"`
	Debrief    []debriefParam  `json:"debrief"`
	Reflection []template.HTML `json:"reflection"`
	Quadrants  []quadrantParam `json:"quadrants"`
}

type scriptChoice struct {
	Index          int           `json:"index"`
	Number         int           `json:"number"`
	URL            string        `json:"url"`
	Response       template.HTML `json:"response"`
	Trust          string        `json:"trust"`
	Accountability string        `json:"accountability"`
	LevelLabel     string        `json:"level_label"`
	Fit            string        `json:"fit"`
	FitLabel       string        `json:"fit_label"`
	Honours        []tagParam    `json:"honours"`
	Breaks         []tagParam    `json:"breaks"`
	Feedback       template.HTML `json:"feedback"`
	Lesson         *linkParam    `json:"lesson"`
	Routes         []routeParam  `json:"routes"`
}

type routeParam struct {
	If     string `json:"if"` // condition, "" for the default
	To     string `json:"to"`
	Label  string `json:"label"` // readable: the moment's first words, or "the ending: TITLE"
	Anchor string `json:"anchor"`
	URL    string `json:"url"`
}

type scriptEndInfo struct {
	Moment    string          `json:"moment"`
	Title     string          `json:"title"`
	Anchor    string          `json:"anchor"`
	Reached   bool            `json:"reached"`
	Quadrants []quadrantParam `json:"quadrants"`
	Range     string          `json:"range"`
	Paths     string          `json:"paths"`
}

type lessonsParams struct {
	Page    string        `json:"page"`
	Body    template.HTML `json:"body"`
	Lessons []lessonCard  `json:"lessons"`
}

type lessonCard struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	Summary string `json:"summary"`
}

type lessonParams struct {
	Page      string        `json:"page"`
	Name      string        `json:"name"`
	Summary   string        `json:"summary"`
	Body      template.HTML `json:"body"`
	Prev      *linkParam    `json:"prev"`
	Next      *linkParam    `json:"next"`
	Index     string        `json:"index_url"`
	Scenarios []trainsParam `json:"scenarios"`
	Tags      []tagParam    `json:"tags"`
}

// trainsParam is a scenario that trains a lesson.
// Responses holds at most maxLessonResponses of the scenario's choices
// whose feedback links to the lesson; More counts the others, which the
// scenario's script page lists. So a lesson page grows with the number of
// scenarios, not of choices.
type trainsParam struct {
	Title     string      `json:"title"`
	URL       string      `json:"url"`
	ScriptURL string      `json:"script_url"`
	Skill     bool        `json:"skill"`
	Responses []linkParam `json:"responses"`
	Total     int         `json:"total"`
	More      int         `json:"more"`
}

// maxLessonResponses is how many responses per scenario a lesson page links.
const maxLessonResponses = 5

// content writes the Hugo content tree and the scenario data scripts.
type content struct {
	fs      afero.Fs
	dir     string // the working copy of the Hugo project
	md      *render.Renderer
	lessons map[string]*lesson
	pages   int
	bytes   int64
	blocks  map[string]template.HTML    // rendered Markdown, by source
	orders  map[string]map[string][]int // scenario.ShownOrders, by scenario id
}

// block renders Markdown as blocks, once per distinct text: the same field
// feeds a page, the script page and the data's plain-text excerpts.
func (c *content) block(md string) template.HTML {
	if h, ok := c.blocks[md]; ok {
		return h
	}
	if c.blocks == nil {
		c.blocks = map[string]template.HTML{}
	}
	h := c.md.Block(md)
	c.blocks[md] = h
	return h
}

// text is the plain text of Markdown.
func (c *content) text(md string) string { return render.PlainText(c.block(md)) }

// write writes one content page for url.
func (c *content) write(url string, fm frontMatter) error {
	if fm.URL == "" {
		fm.URL = url
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(fm); err != nil {
		return fmt.Errorf("encoding front matter of %s: %w", url, err)
	}
	return c.writeFile(path.Join("content", contentPath(url)), buf.Bytes())
}

func (c *content) writeFile(rel string, b []byte) error {
	file := path.Join(c.dir, rel)
	if err := c.fs.MkdirAll(path.Dir(file), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", path.Dir(file), err)
	}
	if err := afero.WriteFile(c.fs, file, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	if path.Ext(rel) == ".md" {
		c.pages++
	}
	c.bytes += int64(len(b))
	return nil
}

func quadrants(qs []scenario.Quadrant) []quadrantParam {
	out := make([]quadrantParam, 0, len(qs))
	for _, q := range qs {
		out = append(out, quadrantParam{q.Slug(), q.String(), q.Meaning()})
	}
	return out
}

func position(p scenario.Position) posParam {
	q := scenario.QuadrantOf(p)
	return posParam{p.Trust, p.Accountability, q.Slug(), q.String()}
}

func rangeOf(a *analysis.Result, moment string) *rangeParam {
	if a == nil {
		return nil
	}
	r, ok := a.Ranges[moment]
	if !ok || !a.Reachable[moment] {
		return nil
	}
	return &rangeParam{r.MinTrust, r.MaxTrust, r.MinAccountability, r.MaxAccountability, r.String()}
}

func endingInfo(a *analysis.Result, moment string) *analysis.EndingInfo {
	if a == nil {
		return nil
	}
	for i := range a.Endings {
		if a.Endings[i].Moment == moment {
			return &a.Endings[i]
		}
	}
	return nil
}

// lessonLink returns the link to a lesson the site has, or nil.
func (c *content) lessonLink(name string) *linkParam {
	l, ok := c.lessons[name]
	if !ok || name == "" {
		return nil
	}
	return &linkParam{l.Title, lessonURL(name)}
}

// choiceLesson is the lesson a feedback page links to: the choice's own,
// else the lesson of the first idea it honours or breaks, else the
// spectrum lesson (every choice uses a level), if the site has them.
func (c *content) choiceLesson(ch *scenario.Choice) *linkParam {
	if l := c.lessonLink(ch.Lesson.Value); l != nil {
		return l
	}
	for _, n := range append(slices.Clone(ch.Honours), ch.Breaks...) {
		if t, ok := scenario.LookupTag(n.Value); ok {
			if l := c.lessonLink(t.Lesson); l != nil {
				return l
			}
		}
	}
	return c.lessonLink("spectrum")
}

func (c *content) tags(names []string) []tagParam {
	out := make([]tagParam, 0, len(names))
	for _, n := range names {
		t, ok := scenario.LookupTag(n)
		if !ok {
			t = scenario.Tag{Name: n, Label: humanize(n)}
		}
		tp := tagParam{Name: t.Name, Label: t.Label, Kind: t.Kind}
		if l := c.lessonLink(t.Lesson); l != nil {
			tp.URL = l.URL
		}
		out = append(out, tp)
	}
	return out
}

func (c *content) card(s *scenario.Scenario) cardParam {
	cp := cardParam{
		ID:           s.ID.Value,
		Title:        s.Title.Value,
		URL:          introURL(s.ID.Value),
		Summary:      c.md.Inline(s.Summary.Value),
		Difficulty:   string(s.Difficulty.Value),
		Minutes:      s.Minutes.Value,
		ContentNotes: scenario.Values(s.ContentNotes),
		Skills:       []linkParam{},
	}
	if cp.ContentNotes == nil {
		cp.ContentNotes = []string{}
	}
	for _, sk := range s.Skills {
		if l := c.lessonLink(sk.Value); l != nil {
			cp.Skills = append(cp.Skills, *l)
		} else {
			cp.Skills = append(cp.Skills, linkParam{Title: humanize(sk.Value)})
		}
	}
	for _, m := range s.Moments {
		if m.IsEnding() {
			cp.Endings++
		} else {
			cp.Moments++
		}
	}
	return cp
}

func (c *content) common(s *scenario.Scenario, page string) scenarioParams {
	start := ""
	if m := s.StartMoment(); m != nil {
		start = momentFile(m.ID)
	}
	// Every page with these params is in the scenario's folder, so its
	// links to the scenario's pages are file names (see urls.go).
	return scenarioParams{
		Page:          page,
		Scenario:      s.ID.Value,
		ScenarioTitle: s.Title.Value,
		ClientName:    s.Client.Name.Value,
		IntroURL:      introFile(),
		ScriptURL:     scriptFile(),
		StartURL:      start,
		DataURL:       dataURL(s.ID.Value),
	}
}

// home writes the home page and the hidden scenarios section.
func (c *content) home(scens []*scenario.Scenario, lessons []*lesson) error {
	p := homeParams{Page: "home", Scenarios: []cardParam{}, Quadrants: quadrants(scenario.Quadrants), Lessons: []linkParam{}, Quadrant: c.lessonLink("quadrant")}
	sorted := slices.Clone(scens)
	sort.SliceStable(sorted, func(i, j int) bool {
		di := slices.Index(scenario.Difficulties, sorted[i].Difficulty.Value)
		dj := slices.Index(scenario.Difficulties, sorted[j].Difficulty.Value)
		if di != dj {
			return di < dj
		}
		return sorted[i].Title.Value < sorted[j].Title.Value
	})
	for _, s := range sorted {
		p.Scenarios = append(p.Scenarios, c.card(s))
	}
	for _, l := range lessons {
		p.Lessons = append(p.Lessons, linkParam{l.Title, lessonURL(l.Name)})
	}
	if err := c.write(homeURL(), frontMatter{Title: "Coaching accountability simulator", Layout: "home", Params: p}); err != nil {
		return err
	}
	// The scenarios section itself has no page: the home lists them.
	return c.writeFile("content/scenarios/_index.md", mustJSON(frontMatter{
		Title: "Scenarios",
		Build: map[string]string{"render": "never", "list": "always"},
	}))
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		panic(err) // only static values of known types are passed
	}
	return append(b, '\n')
}

// scenario writes every page of one scenario.
func (c *content) scenario(s *scenario.Scenario, a *analysis.Result) error {
	intro := introParams{
		scenarioParams: c.common(s, "intro"),
		Card:           c.card(s),
		ClientRole:     s.Client.Role.Value,
		Background:     c.block(s.Client.Background.Value),
		Initial:        position(s.Initial.Value),
		TextURL:        textURL(s.ID.Value),
	}
	if err := c.write(introURL(s.ID.Value), frontMatter{Title: s.Title.Value, Layout: "intro", Params: intro}); err != nil {
		return err
	}
	start := s.StartMoment()
	script := scriptParams{introParams: intro}
	script.Page = "script"
	script.TextURL = "" // the script page loads no script
	for _, m := range s.Moments {
		sm := scriptMoment{
			ID:        m.ID,
			Name:      humanize(m.ID),
			URL:       momentFile(m.ID),
			Anchor:    "m-" + m.ID,
			Context:   c.block(m.Context.Value),
			Client:    c.block(m.Client.Value),
			IsStart:   m == start,
			Reachable: a == nil || a.Reachable[m.ID],
			Range:     rangeOf(a, m.ID),
			Choices:   []scriptChoice{},
		}
		if m.IsEnding() {
			if err := c.ending(s, a, m, &sm); err != nil {
				return err
			}
		} else if err := c.moment(s, a, m, &sm); err != nil {
			return err
		}
		script.Moments = append(script.Moments, sm)
	}
	if a != nil {
		for _, e := range a.Endings {
			m := s.Moment(e.Moment)
			title := humanize(e.Moment)
			if m != nil && m.Ending != nil && m.Ending.Title.Value != "" {
				title = m.Ending.Title.Value
			}
			info := scriptEndInfo{
				Moment: e.Moment, Title: title, Anchor: "m-" + e.Moment, Reached: e.Reached,
				Quadrants: quadrants(e.Quadrants), Paths: e.Paths.String(),
			}
			if e.Reached {
				info.Range = e.Range.String()
			}
			script.Endings = append(script.Endings, info)
		}
	}
	if err := c.write(scriptURL(s.ID.Value), frontMatter{Title: "Script: " + s.Title.Value, Layout: "script", Params: script}); err != nil {
		return err
	}
	return c.data(s)
}

// moment writes a decision moment's page and one feedback page per choice.
func (c *content) moment(s *scenario.Scenario, a *analysis.Result, m *scenario.Moment, sm *scriptMoment) error {
	start := s.StartMoment()
	p := momentParams{
		scenarioParams: c.common(s, "moment"),
		Moment:         m.ID,
		Step:           humanize(m.ID),
		Context:        sm.Context,
		Client:         sm.Client,
		IsStart:        m == start,
		Range:          sm.Range,
		Choices:        []choiceLinkParam{},
	}
	// Feedback pages and the script's entries are made in authored order;
	// both lists are then put in the order the reader sees.
	order := c.orderOf(s, m)
	number := shownNumbers(order)
	resps := make([]template.HTML, len(m.Choices))
	for i, ch := range m.Choices {
		resps[i] = c.md.Inline(ch.Response.Value)
		if err := c.feedback(s, m, i, number[i], ch, resps[i], sm); err != nil {
			return err
		}
	}
	authored := sm.Choices
	sm.Choices = make([]scriptChoice, 0, len(authored))
	for k, i := range order {
		p.Choices = append(p.Choices, choiceLinkParam{i, k + 1, resps[i], feedbackFile(m.ID, i)})
		sm.Choices = append(sm.Choices, authored[i])
	}
	title := s.Title.Value + ": " + s.Client.Name.Value
	if m != start {
		title = s.Title.Value + ": " + humanize(m.ID)
	}
	return c.write(momentURL(s.ID.Value, m.ID), frontMatter{Title: title, Layout: "moment", Params: p})
}

func (c *content) feedback(s *scenario.Scenario, m *scenario.Moment, i, number int, ch *scenario.Choice, resp template.HTML, sm *scriptMoment) error {
	def := ch.Default()
	next := s.Moment(def)
	p := feedbackParams{
		scenarioParams:   c.common(s, "feedback"),
		Moment:           m.ID,
		MomentURL:        momentFile(m.ID),
		Choice:           i,
		Client:           sm.Client,
		Response:         resp,
		Feedback:         c.block(ch.Feedback.Value),
		Trust:            signed(ch.Trust.Value),
		Accountability:   signed(ch.Accountability.Value),
		TrustWords:       movement("trust", ch.Trust.Value),
		AccountabilWords: movement("accountability", ch.Accountability.Value),
		DT:               ch.Trust.Value,
		DA:               ch.Accountability.Value,
		Level:            string(ch.Level.Value),
		LevelLabel:       ch.Level.Value.Label(),
		Fit:              string(ch.Fit.Value),
		FitLabel:         ch.Fit.Value.Label(),
		Honours:          c.tags(scenario.Values(ch.Honours)),
		Breaks:           c.tags(scenario.Values(ch.Breaks)),
		Lesson:           c.choiceLesson(ch),
		ContinueURL:      momentFile(def),
		ContinueEnding:   next != nil && next.IsEnding(),
		Conditional:      len(ch.Next) > 1,
	}
	sc := scriptChoice{
		Index:          i,
		Number:         number,
		URL:            feedbackFile(m.ID, i),
		Response:       resp,
		Trust:          p.Trust,
		Accountability: p.Accountability,
		LevelLabel:     p.LevelLabel,
		Fit:            p.Fit,
		FitLabel:       p.FitLabel,
		Honours:        p.Honours,
		Breaks:         p.Breaks,
		Feedback:       p.Feedback,
		Lesson:         p.Lesson,
	}
	for _, r := range ch.Next {
		rp := routeParam{To: r.To.Value, Label: c.destination(s.Moment(r.To.Value), r.To.Value), Anchor: "m-" + r.To.Value, URL: momentFile(r.To.Value)}
		if r.Cond != nil {
			rp.If = r.Cond.String()
		}
		sc.Routes = append(sc.Routes, rp)
	}
	sm.Choices = append(sm.Choices, sc)
	title := "Feedback: " + s.Title.Value
	return c.write(feedbackURL(s.ID.Value, m.ID, i), frontMatter{Title: title, Layout: "feedback", Params: p})
}

// Length of a route's destination on the script page: the first words of
// what the client says there, in characters.
const excerptDestination = 48

// destination names where a route leads, readably: "the ending: TITLE", or
// the first words of what the client says at the moment.
func (c *content) destination(m *scenario.Moment, id string) string {
	switch {
	case m == nil:
		return humanize(id)
	case m.IsEnding():
		title := m.Ending.Title.Value
		if title == "" {
			title = humanize(m.ID)
		}
		return "the ending: " + title
	}
	if said := render.Cut(c.text(m.Client.Value), excerptDestination); said != "" {
		return said
	}
	return humanize(m.ID)
}

func (c *content) ending(s *scenario.Scenario, a *analysis.Result, m *scenario.Moment, sm *scriptMoment) error {
	e := m.Ending
	p := endingParams{
		scenarioParams: c.common(s, "ending"),
		TextURL:        textURL(s.ID.Value),
		Moment:         m.ID,
		Outcome:        e.Title.Value,
		Client:         sm.Client,
		Context:        sm.Context,
		Debrief:        []debriefParam{},
		Reflection:     []template.HTML{},
		Quadrants:      []quadrantParam{},
	}
	if p.Outcome == "" {
		p.Outcome = humanize(m.ID)
	}
	for i, para := range e.Debrief {
		dp := debriefParam{Index: i, HTML: c.block(para.Text.Value)}
		if para.Cond != nil {
			dp.If, dp.Cond = condWords(para.Cond), para.Cond.String()
		}
		p.Debrief = append(p.Debrief, dp)
	}
	for _, q := range e.Reflection {
		p.Reflection = append(p.Reflection, c.md.Inline(q.Value))
	}
	if info := endingInfo(a, m.ID); info != nil {
		p.Reached = info.Reached
		p.Quadrants = quadrants(info.Quadrants)
		p.Paths = info.Paths.String()
		if info.Reached {
			p.Range = &rangeParam{info.Range.MinTrust, info.Range.MaxTrust, info.Range.MinAccountability, info.Range.MaxAccountability, info.Range.String()}
		}
	}
	sm.Ending = &scriptEnding{Title: p.Outcome, Debrief: p.Debrief, Reflection: p.Reflection, Quadrants: p.Quadrants}
	return c.write(momentURL(s.ID.Value, m.ID), frontMatter{Title: p.Outcome + ": " + s.Title.Value, Layout: "ending", Params: p})
}

// lessonPages writes the lessons index and one page per lesson, each
// listing the scenarios that train it.
func (c *content) lessonPages(index *lesson, lessons []*lesson, scens []*scenario.Scenario) error {
	lp := lessonsParams{Page: "lessons", Lessons: []lessonCard{}}
	title := "Lessons"
	if index != nil {
		lp.Body = c.block(index.Body)
		title = index.Title
	}
	for _, l := range lessons {
		lp.Lessons = append(lp.Lessons, lessonCard{l.Title, lessonURL(l.Name), l.Summary})
	}
	if err := c.write(lessonsURL(), frontMatter{Title: title, Layout: "lessons", Params: lp}); err != nil {
		return err
	}
	for i, l := range lessons {
		p := lessonParams{
			Page:      "lesson",
			Name:      l.Name,
			Summary:   l.Summary,
			Body:      c.block(l.Body),
			Index:     lessonsURL(),
			Scenarios: []trainsParam{},
			Tags:      []tagParam{},
		}
		if i > 0 {
			p.Prev = &linkParam{lessons[i-1].Title, lessonURL(lessons[i-1].Name)}
		}
		if i+1 < len(lessons) {
			p.Next = &linkParam{lessons[i+1].Title, lessonURL(lessons[i+1].Name)}
		}
		for _, s := range scens {
			tr := trainsParam{Title: s.Title.Value, URL: introURL(s.ID.Value), ScriptURL: scriptURL(s.ID.Value), Skill: slices.Contains(scenario.Values(s.Skills), l.Name), Responses: []linkParam{}}
			for _, m := range s.Moments {
				// In the order the moment page shows them, numbered so.
				for k, ci := range c.orderOf(s, m) {
					if ch := m.Choices[ci]; ch == nil || ch.Lesson.Value != l.Name {
						continue
					}
					if tr.Total++; tr.Total > maxLessonResponses {
						tr.More++
					} else {
						tr.Responses = append(tr.Responses, linkParam{
							Title: fmt.Sprintf("%s, response %d", humanize(m.ID), k+1),
							URL:   feedbackURL(s.ID.Value, m.ID, ci),
						})
					}
				}
			}
			if tr.Skill || tr.Total > 0 {
				p.Scenarios = append(p.Scenarios, tr)
			}
		}
		for _, t := range scenario.Tags {
			if t.Lesson == l.Name {
				p.Tags = append(p.Tags, tagParam{Name: t.Name, Label: t.Label, Kind: t.Kind})
			}
		}
		weight := (i + 1) * 10
		if err := c.write(lessonURL(l.Name), frontMatter{Title: l.Title, Layout: "lesson", Weight: weight, Params: p}); err != nil {
			return err
		}
	}
	return nil
}
