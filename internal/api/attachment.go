package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"luoshi/internal/httpx"
	"luoshi/internal/luoshi"
	"luoshi/internal/service"
)

func (h *Handler) handleAttachmentCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, service.MaxAttachmentSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return luoshi.Errorf(luoshi.EMALFORMED, "upload.multipart")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return luoshi.Invalid("file", "upload.no_file")
		}
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return luoshi.Errorf(luoshi.ETOOLARGE, "attachment.too_large", service.MaxAttachmentSize>>20)
		}
		if err != nil {
			return luoshi.Errorf(luoshi.EMALFORMED, "upload.unreadable", err)
		}
		if part.FormName() != "file" {
			continue
		}
		att, err := h.svc.AddAttachment(r.Context(), actor(r), id, part.FileName(), part)
		if errors.As(err, &big) {
			return luoshi.Errorf(luoshi.ETOOLARGE, "attachment.too_large", service.MaxAttachmentSize>>20)
		}
		if err != nil {
			return err
		}
		httpx.JSON(w, http.StatusCreated, att)
		return nil
	}
}

func (h *Handler) handleAttachmentIndex(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	list, err := h.svc.Attachments(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	httpx.JSON(w, http.StatusOK, map[string]any{"attachments": list})
	return nil
}

func (h *Handler) handleAttachmentView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	aid, err := strconv.ParseInt(r.PathValue("aid"), 10, 64)
	if err != nil {
		return luoshi.Errorf(luoshi.ENOTFOUND, "attachment.not_found")
	}
	att, f, err := h.svc.OpenAttachment(r.Context(), actor(r), id, aid)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", strings.SplitN(att.ContentType, ";", 2)[0])
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.Name}))
	w.Header().Set("Content-Length", strconv.FormatInt(att.Size, 10))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = io.Copy(w, f)
	return err
}
