package xlsx

import (
	"io"
	"time"

	"luoshi/internal/luoshi"
)

// Workbooks is this package as the services' Workbooks: cmd/luoshi gives it to them. Say
// renders the messages a workbook writes in words (the ledger's time left), in the
// workbooks' language, Chinese: cmd/luoshi gives it the catalogue's.
type Workbooks struct {
	Say func(luoshi.Msg) string
}

// ReadLetters is ReadLetters.
func (Workbooks) ReadLetters(r io.Reader) ([]luoshi.TargetRow, error) { return ReadLetters(r) }

// LetterTemplate is LetterTemplate.
func (Workbooks) LetterTemplate(out io.Writer, units []string, year int) error {
	return LetterTemplate(out, units, year)
}

// WriteLetters is WriteLetters.
func (Workbooks) WriteLetters(out io.Writer, letters []*luoshi.Letter, unitNames map[int64]string) error {
	return WriteLetters(out, letters, unitNames)
}

// ReadActuals is ReadActuals.
func (Workbooks) ReadActuals(r io.Reader) ([]luoshi.ActualRow, error) { return ReadActuals(r) }

// ActualsWorkbook is ActualsWorkbook.
func (Workbooks) ActualsWorkbook(out io.Writer, rows []luoshi.ActualRow) error {
	return ActualsWorkbook(out, rows)
}

// WriteScores is WriteScores.
func (Workbooks) WriteScores(out io.Writer, year int, scores []*luoshi.UnitScore) error {
	return WriteScores(out, year, scores)
}

// ReadKeyFigures is ReadKeyFigures.
func (Workbooks) ReadKeyFigures(r io.Reader) ([]luoshi.KeyFigureRow, error) { return ReadKeyFigures(r) }

// KeyFigureTemplate is KeyFigureTemplate.
func (Workbooks) KeyFigureTemplate(out io.Writer) error { return KeyFigureTemplate(out) }

// WriteLedger is WriteLedger.
func (w Workbooks) WriteLedger(out io.Writer, l *luoshi.Ledger) error {
	return WriteLedger(out, l, w.Say)
}

// ReadProposals is ReadProposals.
func (Workbooks) ReadProposals(r io.Reader) ([]luoshi.ProposalRow, error) { return ReadProposals(r) }

// WriteProposals is WriteProposals.
func (Workbooks) WriteProposals(out io.Writer, lines []luoshi.ProposalLine, loc *time.Location) error {
	return WriteProposals(out, lines, loc)
}

// WriteBulletin is WriteBulletin.
func (Workbooks) WriteBulletin(out io.Writer, b *luoshi.Bulletin, name string, loc *time.Location) error {
	return WriteBulletin(out, b, name, loc)
}
