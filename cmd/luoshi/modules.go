package main

import (
	"luoshi/internal/bulletin"
	"luoshi/internal/flow"
	"luoshi/internal/item"
	"luoshi/internal/luoshi"
	"luoshi/internal/meeting"
	"luoshi/internal/proposal"
	"luoshi/internal/stocktake"
	"luoshi/internal/target"
)

// module is one of luoshi's modules: a package under internal/ whose actions are declared on
// the workflow kernel (internal/flow). This file is the one list of them; TestModules holds
// that every package declaring actions on the kernel is listed here and that no module
// imports another.
type module struct {
	// Pkg is the module's package under internal/.
	Pkg string
	// Title is the catalogue key of the module's name.
	Title string
	// Matrix is the module's authorisation matrix, from its specs.
	Matrix func() []flow.Row
	// Action and State are the catalogue messages naming an action and a state.
	Action func(name string) luoshi.Msg
	State  func(name string) luoshi.Msg
}

var modules = []module{
	{Pkg: "item", Title: "module.item", Matrix: item.Matrix,
		Action: func(n string) luoshi.Msg { return luoshi.M("action." + n) },
		State:  func(n string) luoshi.Msg { return item.StateLabel(luoshi.State(n)) }},
	{Pkg: "target", Title: "module.target", Matrix: target.Matrix,
		Action: func(n string) luoshi.Msg { return luoshi.M("letteraction." + n) },
		State:  func(n string) luoshi.Msg { return target.StateLabel(luoshi.LetterState(n)) }},
	{Pkg: "proposal", Title: "module.proposal", Matrix: proposal.Matrix,
		Action: func(n string) luoshi.Msg { return luoshi.M("proposal.act." + n) },
		State:  func(n string) luoshi.Msg { return proposal.StateLabel(luoshi.ProposalState(n)) }},
	{Pkg: "meeting", Title: "module.meeting", Matrix: meeting.Matrix,
		Action: func(n string) luoshi.Msg { return luoshi.M("meeting.act." + n) },
		State:  meeting.StateLabel},
	{Pkg: "bulletin", Title: "module.bulletin", Matrix: bulletin.Matrix,
		Action: func(n string) luoshi.Msg { return luoshi.M("bulletin.act." + n) },
		State:  func(n string) luoshi.Msg { return bulletin.StateLabel(luoshi.BulletinState(n)) }},
	{Pkg: "stocktake", Title: "module.stocktake", Matrix: stocktake.Matrix,
		Action: func(n string) luoshi.Msg { return luoshi.M("stocktake.act." + n) },
		State:  func(n string) luoshi.Msg { return stocktake.StateLabel(luoshi.StocktakeState(n)) }},
}
