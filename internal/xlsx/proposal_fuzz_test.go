package xlsx

import (
	"strings"
	"testing"
	"time"

	"luoshi/internal/luoshi"
)

// proposalRows is a valid list of two proposals, with its header.
func proposalRows() [][]any {
	return [][]any{
		{"编号", "标题", "提出人", "代表团", "内容", "类别", "建议主办单位", "收到日期"},
		{1, "关于改善农村道路的建议", "张三、李四", "城关代表团", "建议内容", "交通", "县交通运输局", "2026-10-20"},
		{2, "关于加强养老服务的建议", "王五", "", "", "", "", ""},
	}
}

// checkProposals is what every read of a list of proposals must satisfy: rows or a refusal
// naming cells, never both; every row returned complete and located.
func checkProposals(t *testing.T, rows []luoshi.ProposalRow, err error) {
	t.Helper()
	if !readRows(t, rows, err) {
		return
	}
	for _, r := range rows {
		if r.Ref == nil || r.Ref.Row < 2 || r.Ref.Sheet == "" || r.Number < 1 || r.Number > 1_000_000 ||
			strings.TrimSpace(r.Title) == "" || len(r.Proposers) == 0 {
			t.Fatalf("incomplete row returned: %+v", r)
		}
		for _, name := range r.Proposers {
			if strings.TrimSpace(name) == "" {
				t.Fatalf("an empty proposer returned: %+v", r)
			}
		}
		if r.ReceivedOn != "" {
			if _, err := time.Parse("2006-01-02", r.ReceivedOn); err != nil {
				t.Fatalf("the date received %q is not a date: %+v", r.ReceivedOn, r)
			}
		}
	}
}

// FuzzReadProposals feeds arbitrary bytes to the proposal importer: it must never panic, and
// either return complete rows or refuse with every problem located. Seeds are in
// testdata/fuzz/FuzzReadProposals.
func FuzzReadProposals(f *testing.F) {
	fuzzRead(f, ProposalSheet, proposalRows(), ReadProposals, checkProposals)
}

// FuzzProposalCell changes one cell of a valid list: the importer either accepts it or
// names that very cell (or, for a change to the header row, the file or a header cell);
// no other row is blamed. Seeds are in testdata/fuzz/FuzzProposalCell.
func FuzzProposalCell(f *testing.F) {
	f.Add(uint8(2), uint8(1), "abc")
	f.Add(uint8(2), uint8(8), "2026-13-40")
	f.Add(uint8(3), uint8(2), "")
	f.Add(uint8(3), uint8(3), " 、 ")
	f.Add(uint8(1), uint8(1), "序号")
	f.Add(uint8(4), uint8(2), "新建议")
	fuzzCell(f, ProposalSheet, proposalRows, 5, 10, ReadProposals, checkProposals)
}
