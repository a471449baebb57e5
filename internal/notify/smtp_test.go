package notify_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"luoshi/internal/luoshi"
	"luoshi/internal/notify"
)

// testCert makes a certificate for 127.0.0.1 and a pool that trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// smtpServer is a small SMTP submission server on 127.0.0.1: EHLO, STARTTLS (or TLS from
// the first byte), AUTH PLAIN, MAIL, RCPT, DATA, QUIT. It records what it received.
type smtpServer struct {
	t        *testing.T
	ln       net.Listener
	cert     tls.Certificate
	implicit bool
	user     string
	pass     string

	mu   sync.Mutex
	msgs []received
}

type received struct {
	from, to string
	tls      bool
	authed   bool
	data     string
}

func newSMTPServer(t *testing.T, implicit bool) (*smtpServer, *x509.CertPool) {
	cert, pool := testCert(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{t: t, ln: ln, cert: cert, implicit: implicit, user: "duban", pass: "s3cret-口令"}
	t.Cleanup(func() { ln.Close() })
	go s.serve()
	return s, pool
}

func (s *smtpServer) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

func (s *smtpServer) session(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	var r received
	if s.implicit {
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
		c, r.tls = tc, true
	}
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 127.0.0.1 ESMTP test")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := []string{"250-127.0.0.1", "250-8BITMIME"}
			if !r.tls {
				ext = append(ext, "250-STARTTLS")
			}
			tp.PrintfLine("%s\r\n250 AUTH PLAIN", strings.Join(ext, "\r\n"))
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{s.cert}})
			if err := tc.Handshake(); err != nil {
				return
			}
			c, r.tls = tc, true
			tp = textproto.NewConn(c)
		case "AUTH":
			cred, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(arg, "PLAIN "))
			if string(cred) != "\x00"+s.user+"\x00"+s.pass {
				tp.PrintfLine("535 5.7.8 authentication failed")
				continue
			}
			r.authed = true
			tp.PrintfLine("235 2.7.0 ok")
		case "MAIL":
			r.from = arg
			tp.PrintfLine("250 ok")
		case "RCPT":
			if strings.Contains(arg, "nobody@") {
				tp.PrintfLine("550 5.1.1 no such user")
				continue
			}
			r.to = arg
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 send it")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			r.data = string(data)
			s.mu.Lock()
			s.msgs = append(s.msgs, r)
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 unknown")
		}
	}
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// delivery is a delivery of an urging notice with a long Chinese title.
func delivery(to string) *luoshi.Delivery {
	title := "【橙色催办】【特急】" + strings.Repeat("推进城区燃气管道老化更新改造", 6)
	return &luoshi.Delivery{ID: 42, UserID: 7, Channel: luoshi.ChannelEmail, Username: "a_ll", Name: "张联络员", Address: to,
		Notice: &luoshi.Notice{ID: 9, ItemID: 3, ItemCode: "督办〔2026〕3号", Kind: "urged", Level: luoshi.UrgeOrange,
			Urgent: true, Alert: true, Title: title, Body: "督办事项已逾期，现予以橙色催办，请抓紧办理。"}}
}

func TestSMTP(t *testing.T) {
	for _, implicit := range []bool{false, true} {
		name := map[bool]string{false: "starttls", true: "implicit"}[implicit]
		t.Run(name, func(t *testing.T) {
			srv, pool := newSMTPServer(t, implicit)
			m := &notify.SMTP{Addr: srv.ln.Addr().String(), Username: "duban", Password: "s3cret-口令",
				From: "落实督查督办 <duban@luoshi.example.gov.cn>", TLS: name, TLSConfig: &tls.Config{RootCAs: pool}}
			if err := m.Check(); err != nil {
				t.Fatal(err)
			}
			d := delivery("zhang@unit-a.example.gov.cn")
			if err := m.Send(context.Background(), d); err != nil {
				t.Fatal(err)
			}
			got := srv.received()
			if len(got) != 1 {
				t.Fatalf("server received %d messages", len(got))
			}
			r := got[0]
			if !r.tls || !r.authed {
				t.Fatalf("tls %v, authenticated %v: want both", r.tls, r.authed)
			}
			if !strings.HasPrefix(r.from, "FROM:<duban@luoshi.example.gov.cn>") || !strings.HasPrefix(r.to, "TO:<zhang@unit-a.example.gov.cn>") {
				t.Errorf("envelope from %q to %q", r.from, r.to)
			}
			checkMessage(t, r.data, d)
		})
	}
}

func checkMessage(t *testing.T, data string, d *luoshi.Delivery) {
	t.Helper()
	for _, line := range strings.Split(data, "\n") {
		if len(line) > 998 {
			t.Errorf("line of %d bytes exceeds RFC 5322's limit", len(line))
		}
		for _, r := range line {
			if r > 127 {
				t.Fatalf("raw message is not 7-bit: %q", line)
			}
		}
	}
	if !strings.Contains(data, "?=\n =?") { // DotReader gives lines ending in \n
		t.Error("the long subject is not folded into several lines")
	}
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	if raw := h.Get("Subject"); !strings.HasPrefix(strings.ToUpper(raw), "=?UTF-8?B?") || strings.Count(raw, "=?") < 2 {
		t.Errorf("subject %q is not folded RFC 2047 base64 UTF-8 words", raw)
	}
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(h.Get("Subject"))
	if err != nil || subject != d.Notice.Title {
		t.Errorf("subject decodes to %q (%v), want %q", subject, err, d.Notice.Title)
	}
	from, err := h.AddressList("From")
	if err != nil || from[0].Name != "落实督查督办" || from[0].Address != "duban@luoshi.example.gov.cn" {
		t.Errorf("from %v %v", from, err)
	}
	to, err := h.AddressList("To")
	if err != nil || to[0].Name != "张联络员" || to[0].Address != d.Address {
		t.Errorf("to %v %v", to, err)
	}
	for k, want := range map[string]string{"MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
		"Content-Transfer-Encoding": "base64", "X-Luoshi-Delivery": "42",
		"Message-ID": "<luoshi.delivery.42@luoshi.example.gov.cn>"} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("date: %v", err)
	}
	body, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"张联络员：", d.Notice.Body, "事项编号：督办〔2026〕3号"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

func TestSMTPRefusals(t *testing.T) {
	srv, pool := newSMTPServer(t, false)
	m := &notify.SMTP{Addr: srv.ln.Addr().String(), Username: "duban", Password: "wrong",
		From: "duban@luoshi.example.gov.cn", TLSConfig: &tls.Config{RootCAs: pool}}
	if err := m.Send(context.Background(), delivery("zhang@unit-a.example.gov.cn")); err == nil || !notify.IsPermanent(err) {
		t.Errorf("bad password: %v, want a permanent error", err)
	}
	m.Password = "s3cret-口令"
	if err := m.Send(context.Background(), delivery("nobody@unit-a.example.gov.cn")); err == nil || !notify.IsPermanent(err) ||
		!strings.Contains(err.Error(), "550") {
		t.Errorf("unknown recipient: %v, want a permanent 550", err)
	}
	if err := m.Send(context.Background(), delivery("")); !notify.IsPermanent(err) {
		t.Errorf("no address: %v, want permanent", err)
	}
	// Without a trusted certificate the handshake fails, and nothing is sent in clear.
	m.TLSConfig = nil
	if err := m.Send(context.Background(), delivery("zhang@unit-a.example.gov.cn")); err == nil {
		t.Error("untrusted certificate accepted")
	}
	if len(srv.received()) != 0 {
		t.Errorf("server received %d messages, want none", len(srv.received()))
	}
	closed := &notify.SMTP{Addr: "127.0.0.1:1", From: "duban@luoshi.example.gov.cn"}
	if err := closed.Send(context.Background(), delivery("zhang@unit-a.example.gov.cn")); err == nil || notify.IsPermanent(err) {
		t.Errorf("connection refused: %v, want a temporary error", err)
	}
}
