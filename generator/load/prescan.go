package load

import (
	"fmt"
	"unicode/utf8"

	"github.com/goccy/go-yaml/scanner"
	"github.com/goccy/go-yaml/token"

	"coachsim/generator/diag"
)

// MaxKeys bounds the keys of one block mapping. The YAML parser takes time
// quadratic in a block mapping's size (20,000 keys take a second, 160,000
// a minute and a half), so a mapping far beyond any real scenario's (the
// largest is the moments mapping: a few dozen) is refused before parsing.
const MaxKeys = 2000

// MaxTokens bounds the YAML tokens (keys, values, punctuation) of one
// file. The parser's tree costs hundreds of bytes a token; the largest
// shipped scenario (120 KB) has about 5,000, so a real scenario at the
// 2 MiB size limit would have under 100,000.
const MaxTokens = 200_000

// MaxItems bounds the items of one list. The longest real lists are a
// moment's choices and a debrief's paragraphs: a handful.
const MaxItems = 2000

// bom is the UTF-8 byte order mark some Windows editors write first.
var bom = []byte{0xEF, 0xBB, 0xBF}

// maxTextErrors bounds the encoding errors reported for one file: after a
// few, the rest say nothing new.
const maxTextErrors = 10

// checkText reports invalid UTF-8 and control characters (all but tab,
// newline and carriage return) at their line and column. Such bytes would
// pass into the site and, echoed in a snippet, drive the terminal.
func checkText(file string, src []byte) diag.List {
	var diags diag.List
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		pos := diag.Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size == 1:
			diags.Errorf(pos, "the file is not valid UTF-8 here (byte 0x%02X): save it as UTF-8", src[i])
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r':
		case r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == 0x2028 || r == 0x2029 || r == 0xFEFF:
			diags.Errorf(pos, "control character %U is not allowed in a scenario: delete it (only tabs and line breaks may appear)", r)
		}
		if len(diags) >= maxTextErrors {
			diags.Errorf(pos, "more encoding errors follow; fix these first")
			return diags
		}
		i += size
		col += size
	}
	return diags
}

// level is one open collection during the pre-scan.
type level struct {
	col   int  // block collections: the column of their keys or dashes
	flow  bool // a [ ] or { } collection
	seq   bool
	count int
	tok   *token.Token // the token that opened it
}

// prescan measures the YAML's nesting and the size of its block mappings
// from the lexer's tokens, which cost time and memory linear in the file,
// before the parser (which does not) builds the tree. It returns the first
// problem, and the flow collections still open at the end (for a syntax
// error's message).
func prescan(file string, src []byte) (*diag.Diagnostic, []*token.Token) {
	// Scan line by line rather than lexer.Tokenize, which keeps every
	// token: only the open collections are kept here, so the pre-scan's
	// memory does not grow with the file.
	var sc scanner.Scanner
	sc.Init(string(src))
	var stack []level
	var tooMany func(tk *token.Token, l *level) *diag.Diagnostic
	pos := func(tk *token.Token) diag.Pos {
		if tk == nil || tk.Position == nil {
			return diag.Pos{File: file}
		}
		return diag.Pos{File: file, Line: tk.Position.Line, Col: tk.Position.Column}
	}
	fail := func(tk *token.Token, format string, args ...any) *diag.Diagnostic {
		return &diag.Diagnostic{Pos: pos(tk), Severity: diag.Error, Msg: fmt.Sprintf(format, args...)}
	}
	// block opens or continues the block collection whose entries sit at
	// column col.
	block := func(tk *token.Token, col int, seq bool) *diag.Diagnostic {
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.flow || top.col < col {
				break
			}
			if top.col == col && top.seq == seq {
				top.count++
				return tooMany(tk, top)
			}
			stack = stack[:len(stack)-1]
		}
		stack = append(stack, level{col: col, seq: seq, count: 1, tok: detach(tk)})
		if len(stack) > MaxDepth {
			return fail(tk, "the YAML is nested more than %d levels deep", MaxDepth)
		}
		return nil
	}
	tooMany = func(tk *token.Token, l *level) *diag.Diagnostic {
		switch {
		case !l.seq && l.count > MaxKeys:
			return fail(tk, "this mapping has more than %d keys: split the scenario, or check that this is the right file", MaxKeys)
		case l.seq && l.count > MaxItems:
			return fail(tk, "this list has more than %d items: check that this is the right file", MaxItems)
		}
		return nil
	}
	var prev *token.Token // the token before tk, which is a key when tk is ":"
	tokens := 0
	for {
		batch, err := sc.Scan()
		if err != nil {
			break
		}
		for _, tk := range batch {
			tokens++
			if tokens > MaxTokens {
				return fail(tk, "the file has more than %d YAML tokens; a scenario has a few thousand: check that this is the right file", MaxTokens), nil
			}
			key := prev
			prev = detach(tk)
			switch tk.Type {
			case token.CollectEntryType:
				if n := len(stack); n > 0 && stack[n-1].flow {
					stack[n-1].count++
					if d := tooMany(tk, &stack[n-1]); d != nil {
						return d, nil
					}
				}
			case token.SequenceStartType, token.MappingStartType:
				stack = append(stack, level{flow: true, seq: tk.Type == token.SequenceStartType, tok: detach(tk)})
				if len(stack) > MaxDepth {
					return fail(tk, "the YAML is nested more than %d levels deep", MaxDepth), nil
				}
			case token.SequenceEndType, token.MappingEndType:
				// Close the innermost flow collection and the block ones
				// opened inside it.
				for len(stack) > 0 {
					top := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					if top.flow {
						break
					}
				}
			case token.SequenceEntryType:
				if inFlow(stack) {
					continue
				}
				if d := block(tk, tk.Position.Column, true); d != nil {
					return d, nil
				}
			case token.MappingValueType:
				if inFlow(stack) || key == nil {
					continue
				}
				if key.Position == nil || key.Position.Line != tk.Position.Line {
					continue
				}
				if d := block(key, key.Position.Column, false); d != nil {
					return d, nil
				}
			}
		}
	}
	var open []*token.Token
	for _, l := range stack {
		if l.flow {
			open = append(open, l.tok)
		}
	}
	return nil, open
}

// detach copies what the pre-scan needs of a token. Tokens link to their
// neighbours, so keeping one keeps every token scanned before it.
func detach(tk *token.Token) *token.Token {
	return &token.Token{Type: tk.Type, Value: tk.Value, Position: tk.Position}
}

func inFlow(stack []level) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].flow {
			return true
		}
	}
	return false
}
