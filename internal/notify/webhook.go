package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"luoshi/internal/luoshi"
)

// defaultClient bounds every outward HTTP request.
var defaultClient = &http.Client{Timeout: 20 * time.Second}

// post sends a request and returns the answer's body; a status other than 2xx is an
// error, permanent for 4xx other than 408 and 429. Errors never show the URL's query,
// where robots keep their access tokens and signatures.
func post(ctx context.Context, client *http.Client, method, target, contentType string, body []byte, header http.Header) ([]byte, error) {
	if client == nil {
		client = defaultClient
	}
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return nil, Permanent(fmt.Errorf("%s %s: %v", method, redact(target), redactErr(err)))
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", method, redact(target), redactErr(err))
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		err := fmt.Errorf("%s %s: HTTP %d %s", method, redact(target), resp.StatusCode, excerpt(data))
		if resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
			return nil, Permanent(err)
		}
		return nil, err
	}
	return data, nil
}

// redact drops the query and credentials of a URL.
func redact(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "(invalid url)"
	}
	return u.Scheme + "://" + u.Host + u.Path
}

func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func excerpt(b []byte) string {
	s := string(b)
	if utf8.RuneCountInString(s) > 200 {
		s = string([]rune(s)[:200]) + "…"
	}
	return s
}

// truncate shortens s to at most n runes.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Webhook posts each delivery as JSON to a URL, signed with HMAC-SHA256 so that the
// receiver can tell it came from luoshi and was not replayed: the X-Luoshi-Signature
// header is "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)), with the unix
// timestamp in X-Luoshi-Timestamp. X-Luoshi-Delivery carries the delivery's id, the same
// on every try, for the receiver to drop repeats.
type Webhook struct {
	URL    string
	Secret string
	Client *http.Client
	Now    func() time.Time
}

// Name implements Channel.
func (w *Webhook) Name() luoshi.Channel { return luoshi.ChannelWebhook }

// WebhookPayload is the JSON body of a generic webhook.
type WebhookPayload struct {
	DeliveryID int64            `json:"delivery_id"`
	NoticeID   int64            `json:"notice_id"`
	Kind       string           `json:"kind"`
	Level      luoshi.UrgeLevel `json:"level,omitempty"`
	Urgent     bool             `json:"urgent"`
	Title      string           `json:"title"`
	Body       string           `json:"body"`
	ItemID     int64            `json:"item_id,omitempty"`
	ItemCode   string           `json:"item_code,omitempty"`
	Recipient  *WebhookPerson   `json:"recipient,omitempty"`
	CreatedAt  time.Time        `json:"created_at"`
}

// WebhookPerson names the person a webhook delivery is for.
type WebhookPerson struct {
	Username string `json:"username"`
	Name     string `json:"name"`
}

// Sign returns the signature header value of a webhook body sent at the timestamp.
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Send implements Channel.
func (w *Webhook) Send(ctx context.Context, d *luoshi.Delivery) error {
	n := d.Notice
	p := WebhookPayload{DeliveryID: d.ID, NoticeID: n.ID, Kind: n.Kind, Level: n.Level, Urgent: n.Urgent,
		Title: n.Title, Body: n.Body, ItemID: n.ItemID, ItemCode: n.ItemCode, CreatedAt: n.CreatedAt}
	if d.UserID != 0 {
		p.Recipient = &WebhookPerson{Username: d.Username, Name: d.Name}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return Permanent(err)
	}
	ts := strconv.FormatInt(now(w.Now).Unix(), 10)
	h := http.Header{}
	h.Set("X-Luoshi-Delivery", strconv.FormatInt(d.ID, 10))
	h.Set("X-Luoshi-Timestamp", ts)
	if w.Secret != "" {
		h.Set("X-Luoshi-Signature", Sign(w.Secret, ts, body))
	}
	_, err = post(ctx, w.Client, http.MethodPost, w.URL, "application/json; charset=utf-8", body, h)
	return err
}

func now(f func() time.Time) time.Time {
	if f != nil {
		return f()
	}
	return time.Now()
}

// robotAnswer is the answer of DingTalk and WeCom robots: errcode 0 means sent.
type robotAnswer struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func robotSend(ctx context.Context, client *http.Client, name, target string, d *luoshi.Delivery, msg any) error {
	body, err := json.Marshal(msg)
	if err != nil {
		return Permanent(err)
	}
	h := http.Header{}
	h.Set("X-Luoshi-Delivery", strconv.FormatInt(d.ID, 10))
	data, err := post(ctx, client, http.MethodPost, target, "application/json; charset=utf-8", body, h)
	if err != nil {
		return err
	}
	var a robotAnswer
	if err := json.Unmarshal(data, &a); err != nil || a.ErrCode == nil {
		return fmt.Errorf("%s robot: unexpected answer %s", name, excerpt(data))
	}
	if *a.ErrCode != 0 {
		return fmt.Errorf("%s robot: errcode %d %s", name, *a.ErrCode, a.ErrMsg)
	}
	return nil
}

// robotText is the markdown of a robot message.
func robotText(d *luoshi.Delivery) string {
	n := d.Notice
	s := "#### " + n.Title + "\n\n" + truncate(n.Body, 1500)
	if n.ItemCode != "" {
		s += "\n\n> 事项编号：" + n.ItemCode
	}
	return s
}

// DingTalk posts to a DingTalk group robot (钉钉自定义机器人) in its markdown format. With
// a secret (加签), each request carries timestamp (ms) and sign = base64(HMAC-SHA256(secret,
// timestamp + "\n" + secret)) in its query, as DingTalk requires.
type DingTalk struct {
	URL    string // https://oapi.dingtalk.com/robot/send?access_token=…
	Secret string // SEC…
	Client *http.Client
	Now    func() time.Time
}

// Name implements Channel.
func (r *DingTalk) Name() luoshi.Channel { return luoshi.ChannelDingTalk }

// DingTalkSign returns the sign of a DingTalk request made at the timestamp (unix ms).
func DingTalkSign(secret string, timestampMS int64) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestampMS, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Send implements Channel.
func (r *DingTalk) Send(ctx context.Context, d *luoshi.Delivery) error {
	target := r.URL
	if r.Secret != "" {
		u, err := url.Parse(r.URL)
		if err != nil {
			return Permanent(fmt.Errorf("dingtalk url: %v", redactErr(err)))
		}
		ts := now(r.Now).UnixMilli()
		q := u.Query()
		q.Set("timestamp", strconv.FormatInt(ts, 10))
		q.Set("sign", DingTalkSign(r.Secret, ts))
		u.RawQuery = q.Encode()
		target = u.String()
	}
	msg := map[string]any{"msgtype": "markdown",
		"markdown": map[string]string{"title": d.Notice.Title, "text": robotText(d)}}
	return robotSend(ctx, r.Client, "dingtalk", target, d, msg)
}

// WeCom posts to a WeCom group robot (企业微信群机器人) in its markdown format.
type WeCom struct {
	URL    string // https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…
	Client *http.Client
}

// Name implements Channel.
func (r *WeCom) Name() luoshi.Channel { return luoshi.ChannelWeCom }

// Send implements Channel.
func (r *WeCom) Send(ctx context.Context, d *luoshi.Delivery) error {
	msg := map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": robotText(d)}}
	return robotSend(ctx, r.Client, "wecom", r.URL, d, msg)
}
