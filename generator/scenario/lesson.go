package scenario

import "reflect"

// Lesson is one lesson of the site: a Markdown file in content/lessons
// whose name (the file name without .md) scenarios link to, with YAML front
// matter. Hugo renders it; the checker reads it first, with the same rules
// as a scenario, so that a lesson cannot break the build.
type Lesson struct {
	Name    Text       `yaml:"-"` // the file name without .md; Pos is the file's first line
	Title   Text       `yaml:"title" format:"required,max=120" doc:"The lesson's title."`
	Summary Text       `yaml:"summary" format:"max=600" doc:"One or two sentences for the lessons list."`
	Weight  Field[int] `yaml:"weight" doc:"The lesson's place in the reading order, lowest first."`
	// Body is the Markdown after the front matter; Pos is its first line.
	Body Text   `yaml:"-"`
	File string `yaml:"-"`
}

// LessonObject is the lesson front matter's place in the format, for the
// loader (lessons are not part of the scenario schema).
var LessonObject = Object{"lesson", reflect.TypeFor[Lesson](), "A lesson's front matter."}

// MaxLessonBody bounds a lesson's Markdown, in characters.
const MaxLessonBody = 60000
