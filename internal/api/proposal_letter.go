package api

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"luoshi/internal/docx"
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

// DocxType is the media type of a Word document.
const DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

func init() {
	Routes = append(Routes, Route{Pattern: "GET /api/v1/proposals/{id}/reply.docx", Allow: proposalReaders,
		handler: (*Handler).handleProposalReplyDocx})
}

// handleProposalReplyDocx answers with the reply letter (答复函) of a proposal's reply —
// the latest, or that of ?round= — as a .docx in the official-document layout.
func (h *Handler) handleProposalReplyDocx(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var v luoshi.Validation
	round := queryInt(&v, r.URL.Query().Get("round"), "round")
	if err := v.Err(); err != nil {
		return err
	}
	l, err := h.svc.ReplyLetterOf(r.Context(), actor(r), id, round)
	if err != nil {
		return err
	}
	data, err := ReplyLetterDoc(l).Bytes()
	if err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%d.docx", i18n.ZH.T("proposal.letter.file"), l.Proposal.Number)
	w.Header().Set("Content-Type", DocxType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err = w.Write(data)
	return err
}

// ReplyLetterDoc is the reply letter as an official document, in Chinese whatever the
// reader's language: the lead unit as issuer, the letter's number, its signer, the
// proposer addressed, the reply, its class and promises, the unit's name and the date.
func ReplyLetterDoc(l *service.ReplyLetter) *docx.Document {
	zh := i18n.ZH
	p, r := l.Proposal, l.Reply
	at := r.At.In(l.Loc)
	kind := string(p.Kind)
	leading := ""
	for _, q := range p.Proposers {
		if q.Leading {
			leading = q.Name
		}
	}
	d := &docx.Document{Issuer: l.Unit, Number: zh.T("proposal.letter.number", l.Session.Year, p.Number),
		SignedBy:  zh.T("proposal.letter.signed_by", r.Signer),
		Title:     zh.T("proposal.letter.title", l.Session.Name, p.Number, zh.T("proposal.letter.kind."+kind)),
		Recipient: zh.T("proposal.letter.to."+kind, leading), Signature: l.Unit, Date: at.Format("2006年1月2日"),
		Created: r.At}
	d.Body = append(d.Body, zh.T("proposal.letter.opening", p.Title))
	for _, para := range strings.Split(r.Text, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			d.Body = append(d.Body, para)
		}
	}
	for _, pr := range r.Promises {
		d.Body = append(d.Body, zh.T("proposal.letter.promise", pr.Text, pr.Due.In(l.Loc).Format("2006年1月2日"), l.Units[pr.UnitID]))
	}
	d.Body = append(d.Body, zh.T("proposal.letter.thanks"))
	d.Note = zh.T("proposal.letter.class", zh.T("proposal.class."+string(r.Class)))
	return d
}
