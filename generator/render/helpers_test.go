package render

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

func textReader(src []byte) text.Reader { return text.NewReader(src) }

// walkKinds calls f with the kind name of every node under n.
func walkKinds(n ast.Node, f func(kind string)) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			f(n.Kind().String())
		}
		return ast.WalkContinue, nil
	})
}
