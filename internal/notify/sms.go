package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"text/template"

	"luoshi/internal/luoshi"
)

// SMS sends text messages through an HTTP gateway described by templates, since every
// operator's and every government platform's gateway differs. The URL (and the body, if
// any) are text/template templates over SMSData, with urlquery (built in) and json (a
// JSON string literal) to escape values, e.g.
//
//	URL:  https://sms.example.gov.cn/send?to={{.Phone | urlquery}}&text={{.Text | urlquery}}
//	Body: {"mobile": {{json .Phone}}, "content": {{json .Text}}}
//
// A 2xx answer means sent.
type SMS struct {
	url         *template.Template
	body        *template.Template
	method      string
	contentType string
	Client      *http.Client
}

// SMSData is what the SMS templates see.
type SMSData struct {
	DeliveryID int64
	Phone      string
	Text       string
	Title      string
	Username   string
	Name       string
}

// MaxSMSText bounds an SMS text, in characters.
const MaxSMSText = 200

// NewSMS parses the gateway's templates; method "" is GET without a body, POST with one.
func NewSMS(urlTemplate, method, bodyTemplate, contentType string) (*SMS, error) {
	funcs := template.FuncMap{"json": func(s string) (string, error) {
		b, err := json.Marshal(s)
		return string(b), err
	}}
	s := &SMS{method: strings.ToUpper(method), contentType: contentType}
	var err error
	if s.url, err = template.New("url").Funcs(funcs).Option("missingkey=error").Parse(urlTemplate); err != nil {
		return nil, fmt.Errorf("sms url template: %w", err)
	}
	if bodyTemplate != "" {
		if s.body, err = template.New("body").Funcs(funcs).Option("missingkey=error").Parse(bodyTemplate); err != nil {
			return nil, fmt.Errorf("sms body template: %w", err)
		}
	}
	if s.method == "" {
		s.method = http.MethodGet
		if s.body != nil {
			s.method = http.MethodPost
		}
	}
	if s.contentType == "" && s.body != nil {
		s.contentType = "application/json; charset=utf-8"
	}
	// Render once with sample data so that a broken template fails at start-up.
	if _, _, err := s.render(SMSData{Phone: "13800000000", Text: "测试"}); err != nil {
		return nil, err
	}
	return s, nil
}

// Name implements Channel.
func (s *SMS) Name() luoshi.Channel { return luoshi.ChannelSMS }

func (s *SMS) render(d SMSData) (string, []byte, error) {
	var u, b bytes.Buffer
	if err := s.url.Execute(&u, d); err != nil {
		return "", nil, fmt.Errorf("sms url template: %w", err)
	}
	if parsed, err := url.Parse(u.String()); err != nil || (parsed.Scheme != "http" && parsed.Scheme != "https") {
		return "", nil, errors.New("sms url template: the result is not an http(s) URL")
	}
	if s.body != nil {
		if err := s.body.Execute(&b, d); err != nil {
			return "", nil, fmt.Errorf("sms body template: %w", err)
		}
	}
	return u.String(), b.Bytes(), nil
}

// smsText is the short text of a notice: its title and the item's code.
func smsText(n *luoshi.Notice) string {
	t := n.Title
	if n.ItemCode != "" {
		t += "（" + n.ItemCode + "）"
	}
	return truncate(t+"，详情请登录落实督查督办系统查看。", MaxSMSText)
}

// Send implements Channel.
func (s *SMS) Send(ctx context.Context, d *luoshi.Delivery) error {
	if d.Address == "" {
		return Permanent(errors.New("收件人没有登记短信接收号码"))
	}
	target, body, err := s.render(SMSData{DeliveryID: d.ID, Phone: d.Address, Text: smsText(d.Notice),
		Title: d.Notice.Title, Username: d.Username, Name: d.Name})
	if err != nil {
		return Permanent(err)
	}
	h := http.Header{}
	h.Set("X-Luoshi-Delivery", strconv.FormatInt(d.ID, 10))
	_, err = post(ctx, s.Client, s.method, target, s.contentType, body, h)
	return err
}
