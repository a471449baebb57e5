package soak

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// SMTPSink is a minimal SMTP receiver on loopback that accepts every message and counts
// it: enough for the server's notifier (with --smtp-tls none) to deliver e-mail to.
type SMTPSink struct {
	ln       net.Listener
	Received atomic.Int64
}

// NewSMTPSink listens on 127.0.0.1 on a free port.
func NewSMTPSink() (*SMTPSink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &SMTPSink{ln: ln}
	go s.serve()
	return s, nil
}

// Addr is host:port.
func (s *SMTPSink) Addr() string { return s.ln.Addr().String() }

// Close stops listening.
func (s *SMTPSink) Close() error { return s.ln.Close() }

func (s *SMTPSink) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.conn(c)
	}
}

func (s *SMTPSink) conn(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) bool {
		c.SetWriteDeadline(time.Now().Add(30 * time.Second))
		_, err := io.WriteString(c, line+"\r\n")
		return err == nil
	}
	if !say("220 soak ESMTP") {
		return
	}
	for {
		c.SetReadDeadline(time.Now().Add(2 * time.Minute))
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.TrimSpace(line))
		if i := strings.IndexAny(verb, " :"); i >= 0 {
			verb = verb[:i]
		}
		reply := "250 ok"
		switch verb {
		case "EHLO", "HELO":
			reply = "250 soak"
		case "DATA":
			if !say("354 go on") {
				return
			}
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.TrimRight(l, "\r\n") == "." {
					break
				}
			}
			s.Received.Add(1)
		case "QUIT":
			say("221 bye")
			return
		}
		if !say(reply) {
			return
		}
	}
}

// HookSink is a webhook receiver on loopback that answers 200 to every POST and counts them.
type HookSink struct {
	ln       net.Listener
	srv      *http.Server
	Received atomic.Int64
}

// NewHookSink listens on 127.0.0.1 on a free port.
func NewHookSink() (*HookSink, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := &HookSink{ln: ln}
	h.srv = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		if r.Method == http.MethodPost {
			h.Received.Add(1)
		}
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	})}
	go h.srv.Serve(ln)
	return h, nil
}

// URL is the hook's address.
func (h *HookSink) URL() string { return "http://" + h.ln.Addr().String() + "/hook" }

// Close stops the receiver.
func (h *HookSink) Close() error { return h.srv.Close() }
