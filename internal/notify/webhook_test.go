package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"luoshi/internal/notify"
)

// hit is one request a test server received.
type hit struct {
	r    *http.Request
	body []byte
}

// server answers every request with status and answer, and hands the requests to the test.
func server(t *testing.T, status int, answer string) (*httptest.Server, chan hit) {
	hits := make(chan hit, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		hits <- hit{r, body}
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, hits
}

func TestWebhookSignature(t *testing.T) {
	srv, hits := server(t, 200, "ok")
	w := &notify.Webhook{URL: srv.URL + "/hook", Secret: "webhook-secret"}
	d := delivery("")
	if err := w.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	h := <-hits
	ts := h.r.Header.Get("X-Luoshi-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > time.Minute {
		t.Fatalf("timestamp %q", ts)
	}
	mac := hmac.New(sha256.New, []byte("webhook-secret"))
	mac.Write([]byte(ts + "." + string(h.body)))
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); h.r.Header.Get("X-Luoshi-Signature") != want {
		t.Errorf("signature %q, want %q", h.r.Header.Get("X-Luoshi-Signature"), want)
	}
	if h.r.Header.Get("X-Luoshi-Delivery") != "42" || !strings.HasPrefix(h.r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("headers %v", h.r.Header)
	}
	var p notify.WebhookPayload
	if err := json.Unmarshal(h.body, &p); err != nil {
		t.Fatal(err)
	}
	if p.DeliveryID != 42 || p.Title != d.Notice.Title || p.Level != "orange" || !p.Urgent || p.ItemCode != "督办〔2026〕3号" ||
		p.Recipient == nil || p.Recipient.Username != "a_ll" {
		t.Errorf("payload %+v", p)
	}
	// A tampered body no longer matches the signature.
	if notify.Sign("webhook-secret", ts, append(h.body, ' ')) == h.r.Header.Get("X-Luoshi-Signature") {
		t.Error("signature does not cover the body")
	}
}

func TestWebhookFailures(t *testing.T) {
	for _, c := range []struct {
		status    int
		permanent bool
	}{{500, false}, {503, false}, {429, false}, {404, true}, {400, true}} {
		srv, _ := server(t, c.status, "nope")
		err := (&notify.Webhook{URL: srv.URL + "/hook?token=SECRET"}).Send(context.Background(), delivery(""))
		if err == nil || notify.IsPermanent(err) != c.permanent {
			t.Errorf("HTTP %d: %v, want permanent %v", c.status, err, c.permanent)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("error shows the URL's query: %v", err)
		}
	}
}

func TestDingTalk(t *testing.T) {
	srv, hits := server(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	r := &notify.DingTalk{URL: srv.URL + "/robot/send?access_token=TOKEN", Secret: "SECabc+/=中", Now: func() time.Time { return at }}
	if err := r.Send(context.Background(), delivery("")); err != nil {
		t.Fatal(err)
	}
	h := <-hits
	q := h.r.URL.Query()
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	mac := hmac.New(sha256.New, []byte("SECabc+/=中"))
	mac.Write([]byte(ts + "\n" + "SECabc+/=中"))
	if q.Get("access_token") != "TOKEN" || q.Get("timestamp") != ts || q.Get("sign") != base64.StdEncoding.EncodeToString(mac.Sum(nil)) {
		t.Errorf("query %v", q)
	}
	if strings.ContainsAny(h.r.URL.RawQuery, "+/") && !strings.Contains(h.r.URL.RawQuery, "%2B") && !strings.Contains(h.r.URL.RawQuery, "%2F") {
		t.Errorf("sign is not URL-encoded: %s", h.r.URL.RawQuery)
	}
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct{ Title, Text string }
	}
	if err := json.Unmarshal(h.body, &msg); err != nil {
		t.Fatal(err)
	}
	if msg.MsgType != "markdown" || !strings.HasPrefix(msg.Markdown.Title, "【橙色催办】") || !strings.Contains(msg.Markdown.Text, "督办〔2026〕3号") {
		t.Errorf("message %+v", msg)
	}

	bad, _ := server(t, 200, `{"errcode":310000,"errmsg":"sign not match"}`)
	r.URL = bad.URL + "/robot/send?access_token=TOKEN"
	if err := r.Send(context.Background(), delivery("")); err == nil || !strings.Contains(err.Error(), "310000") {
		t.Errorf("errcode answer: %v", err)
	}
}

func TestWeCom(t *testing.T) {
	srv, hits := server(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	r := &notify.WeCom{URL: srv.URL + "/cgi-bin/webhook/send?key=KEY"}
	if err := r.Send(context.Background(), delivery("")); err != nil {
		t.Fatal(err)
	}
	h := <-hits
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct{ Content string }
	}
	if err := json.Unmarshal(h.body, &msg); err != nil {
		t.Fatal(err)
	}
	if h.r.URL.Query().Get("key") != "KEY" || msg.MsgType != "markdown" || !strings.Contains(msg.Markdown.Content, "【橙色催办】") {
		t.Errorf("wecom got %s %s", h.r.URL, h.body)
	}
	bad, _ := server(t, 200, `{"errcode":93000,"errmsg":"invalid webhook url"}`)
	if err := (&notify.WeCom{URL: bad.URL}).Send(context.Background(), delivery("")); err == nil || !strings.Contains(err.Error(), "93000") {
		t.Errorf("errcode answer: %v", err)
	}
}

func TestSMSTemplate(t *testing.T) {
	srv, hits := server(t, 200, `{"code":0}`)
	s, err := notify.NewSMS(srv.URL+"/send?to={{.Phone | urlquery}}&sig=x", "", `{"mobile": {{json .Phone}}, "content": {{json .Text}}}`, "")
	if err != nil {
		t.Fatal(err)
	}
	d := delivery("13800138000")
	if err := s.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	h := <-hits
	var body struct{ Mobile, Content string }
	if err := json.Unmarshal(h.body, &body); err != nil {
		t.Fatalf("body %s: %v", h.body, err)
	}
	if h.r.Method != "POST" || h.r.URL.Query().Get("to") != "13800138000" || body.Mobile != "13800138000" ||
		!strings.HasPrefix(body.Content, "【橙色催办】") || !strings.Contains(body.Content, "督办〔2026〕3号") {
		t.Errorf("sms request %s %s %s", h.r.Method, h.r.URL, h.body)
	}
	if _, err := notify.NewSMS("{{.Nope}}", "", "", ""); err == nil {
		t.Error("a template naming an unknown field is accepted")
	}
	if err := s.Send(context.Background(), delivery("")); !notify.IsPermanent(err) {
		t.Errorf("no phone: %v, want permanent", err)
	}
}
