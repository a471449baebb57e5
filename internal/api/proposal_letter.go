package api

import (
	"fmt"
	"mime"
	"net/http"
	"strconv"

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
	return sendDocx(w, fmt.Sprintf("%s-%d.docx", i18n.ZH.T("proposal.letter.file"), l.Proposal.Number), data)
}

// sendDocx answers with a Word document to download under the name.
func sendDocx(w http.ResponseWriter, name string, data []byte) error {
	w.Header().Set("Content-Type", DocxType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err := w.Write(data)
	return err
}

// ReplyLetterDoc is the reply letter as an official document, in Chinese whatever the
// reader's language (the parts are the service's).
func ReplyLetterDoc(l *service.ReplyLetter) *docx.Document {
	zh := i18n.ZH
	lp := l.Parts()
	d := &docx.Document{Issuer: lp.Issuer, Number: zh.Msg(lp.Number), SignedBy: zh.Msg(lp.SignedBy), Title: zh.Msg(lp.Title),
		Recipient: zh.Msg(lp.Recipient), Signature: lp.Signature, Date: lp.Date, Note: zh.Msg(lp.Note), Created: l.Reply.At}
	for _, m := range lp.Body {
		d.Body = append(d.Body, zh.Msg(m))
	}
	return d
}
