package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"luoshi/internal/flow"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

// cmdPermissions prints every module's authorisation matrix — each action, the states it
// may start from and who may take it — as Markdown tables, from the actions' specs: the
// permission list an assessor asks for, always the one the code enforces.
func cmdPermissions(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("permissions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "zh-CN", "language of the tables: zh-CN or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	l := i18n.FromTag(*lang)
	for _, m := range modules {
		fmt.Fprintf(stdout, "## %s\n\n| %s | %s | %s |\n|---|---|---|\n", l.T(m.Title),
			l.T("permissions.action"), l.T("permissions.from"), l.T("permissions.who"))
		for _, r := range m.Matrix() {
			from := l.T("permissions.any_state")
			if r.From != nil {
				states := make([]luoshi.Msg, len(r.From))
				for i, s := range r.From {
					states[i] = m.State(s)
				}
				from = l.T("permissions.list", states)
			}
			fmt.Fprintf(stdout, "| %s (`%s`) | %s | %s |\n", l.Msg(m.Action(r.Action)), r.Action, from, l.T("permissions.list", who(r)))
		}
		fmt.Fprintln(stdout)
	}
	return nil
}

func who(r flow.Row) luoshi.Either {
	out := make(luoshi.Either, len(r.WhoLabels))
	for i, l := range r.WhoLabels {
		out[i] = luoshi.M(string(l))
	}
	return out
}
