package service

import (
	"io"
	"time"

	"luoshi/internal/luoshi"
)

// Workbooks reads and writes the Excel workbooks: the target work's templates to fill in and
// imports that apply completely or not at all, and the ledgers exported. internal/xlsx is the
// implementation; cmd/luoshi gives it to the service (Service.Workbooks), so that the HTTP
// layers reach it through the service instead of importing xlsx beside them.
type Workbooks interface {
	ReadLetters(r io.Reader) ([]luoshi.TargetRow, error)
	LetterTemplate(out io.Writer, units []string, year int) error
	WriteLetters(out io.Writer, letters []*luoshi.Letter, unitNames map[int64]string) error
	ReadActuals(r io.Reader) ([]luoshi.ActualRow, error)
	ActualsWorkbook(out io.Writer, rows []luoshi.ActualRow) error
	WriteScores(out io.Writer, year int, scores []*luoshi.UnitScore) error
	ReadKeyFigures(r io.Reader) ([]luoshi.KeyFigureRow, error)
	KeyFigureTemplate(out io.Writer) error
	WriteLedger(out io.Writer, l *luoshi.Ledger) error
	ReadProposals(r io.Reader) ([]luoshi.ProposalRow, error)
	WriteProposals(out io.Writer, lines []luoshi.ProposalLine, loc *time.Location) error
	WriteBulletin(out io.Writer, b *luoshi.Bulletin, name string, loc *time.Location) error
}
