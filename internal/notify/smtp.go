package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"luoshi/internal/luoshi"
)

// SMTP security modes.
const (
	TLSAuto     = "auto"     // implicit TLS on port 465, else STARTTLS when the server offers it
	TLSStartTLS = "starttls" // STARTTLS required
	TLSImplicit = "implicit" // TLS from the first byte (SMTPS)
	TLSNone     = "none"     // plain text; authentication is then refused except to localhost
)

// SMTP sends e-mail through a submission server, with STARTTLS or implicit TLS and
// PLAIN authentication.
type SMTP struct {
	Addr     string // host:port
	Username string
	Password string
	From     string // "落实督查督办 <duban@example.gov.cn>" or a bare address
	TLS      string // one of the TLS* modes; "" means auto
	// TLSConfig, if set, is used for the handshake (tests trust their own CA with it).
	TLSConfig *tls.Config
	// Hostname is the name the client greets with; "" means "localhost".
	Hostname string
	Now      func() time.Time
}

// Name implements Channel.
func (m *SMTP) Name() luoshi.Channel { return luoshi.ChannelEmail }

// Check validates the configuration once, at start-up.
func (m *SMTP) Check() error {
	host, port, err := net.SplitHostPort(m.Addr)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("smtp address %q: want host:port", m.Addr)
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return fmt.Errorf("smtp from %q: %v", m.From, err)
	}
	switch m.TLS {
	case "", TLSAuto, TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return fmt.Errorf("smtp tls %q: want auto, starttls, implicit or none", m.TLS)
	}
	return nil
}

func (m *SMTP) mode() string {
	if m.TLS == "" || m.TLS == TLSAuto {
		if _, port, _ := net.SplitHostPort(m.Addr); port == "465" {
			return TLSImplicit
		}
		return TLSAuto
	}
	return m.TLS
}

func (m *SMTP) tlsConfig(host string) *tls.Config {
	if m.TLSConfig != nil {
		c := m.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = host
		}
		return c
	}
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// Send implements Channel: one message to the delivery's address.
func (m *SMTP) Send(ctx context.Context, d *luoshi.Delivery) error {
	if d.Address == "" {
		return Permanent(errors.New("收件人没有登记电子邮箱"))
	}
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return Permanent(fmt.Errorf("发件人地址无效: %v", err))
	}
	msg := m.compose(from, d)
	host, _, _ := net.SplitHostPort(m.Addr)
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp dial %s: %w", m.Addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if m.mode() == TLSImplicit {
		tc := tls.Client(conn, m.tlsConfig(host))
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("smtp tls %s: %w", m.Addr, err)
		}
		conn = tc
	}
	return smtpErr(m.transact(conn, host, from.Address, d.Address, msg))
}

func (m *SMTP) transact(conn net.Conn, host, from, to string, msg []byte) error {
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	hello := m.Hostname
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return err
	}
	if mode := m.mode(); mode == TLSStartTLS || mode == TLSAuto {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(m.tlsConfig(host)); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		} else if mode == TLSStartTLS {
			return Permanent(errors.New("邮件服务器不支持 STARTTLS"))
		}
	}
	if m.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// smtpErr marks 5xx replies permanent: the server refused for good.
func smtpErr(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 && !IsPermanent(err) {
		return Permanent(fmt.Errorf("smtp %d %s", te.Code, te.Msg))
	}
	return err
}

// encodeHeader writes a header value as RFC 2047 encoded words (UTF-8, base64), folded so
// that no line grows past the limit however long the Chinese text.
func encodeHeader(s string) string {
	return strings.ReplaceAll(mime.BEncoding.Encode("UTF-8", s), "?= =?", "?=\r\n =?")
}

// compose writes the message: RFC 5322 headers with RFC 2047 encoded Chinese, and a
// base64 UTF-8 plain-text body.
func (m *SMTP) compose(from *mail.Address, d *luoshi.Delivery) []byte {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	n := d.Notice
	host := "luoshi.invalid"
	if at := strings.LastIndexByte(from.Address, '@'); at >= 0 {
		host = from.Address[at+1:]
	}
	var b bytes.Buffer
	hdr := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	hdr("From", encodeAddress(from))
	hdr("To", encodeAddress(&mail.Address{Name: d.Name, Address: d.Address}))
	hdr("Subject", encodeHeader(n.Title))
	hdr("Date", now().Format(time.RFC1123Z))
	hdr("Message-ID", "<luoshi.delivery."+strconv.FormatInt(d.ID, 10)+"@"+host+">")
	hdr("MIME-Version", "1.0")
	hdr("Content-Type", "text/plain; charset=UTF-8")
	hdr("Content-Transfer-Encoding", "base64")
	hdr("X-Luoshi-Delivery", strconv.FormatInt(d.ID, 10))
	if n.ItemCode != "" {
		hdr("X-Luoshi-Item", strconv.FormatInt(n.ItemID, 10))
	}
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(mailBody(d)))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return b.Bytes()
}

func encodeAddress(a *mail.Address) string {
	if a.Name == "" {
		return "<" + a.Address + ">"
	}
	return encodeHeader(a.Name) + " <" + a.Address + ">"
}

// mailBody is the text of an e-mail or a robot message.
func mailBody(d *luoshi.Delivery) string {
	var b strings.Builder
	if d.Name != "" {
		b.WriteString(d.Name + "：\n\n")
	}
	b.WriteString(d.Notice.Body + "\n")
	if d.Notice.ItemCode != "" {
		b.WriteString("\n事项编号：" + d.Notice.ItemCode + "\n")
	}
	b.WriteString("\n—— 落实 · 督查督办系统（系统自动发送，请勿直接回复）\n")
	return b.String()
}
