package otp

import (
	"encoding/base32"
	"net/url"
	"strings"
	"testing"
	"time"
)

// rfcSecret is the RFC 6238 Appendix B seed for HMAC-SHA1.
var rfcSecret = base32.StdEncoding.EncodeToString([]byte("12345678901234567890"))

func TestCodeRFC6238(t *testing.T) {
	tests := []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	}
	for _, tt := range tests {
		at := time.Unix(tt.unix, 0)
		got, err := code(rfcSecret, at, 8)
		if err != nil {
			t.Fatalf("T=%d: %v", tt.unix, err)
		}
		if got != tt.want {
			t.Errorf("T=%d: code = %s, want %s", tt.unix, got, tt.want)
		}
		// The 6-digit code is the last six digits of the 8-digit one.
		six, err := Code(rfcSecret, at)
		if err != nil {
			t.Fatal(err)
		}
		if six != tt.want[2:] {
			t.Errorf("T=%d: Code = %s, want %s", tt.unix, six, tt.want[2:])
		}
	}
}

func TestGenerateSecret(t *testing.T) {
	a, err := GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, err := GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two secrets are equal")
	}
	if strings.Contains(a, "=") || len(a) != 32 {
		t.Fatalf("secret %q: want 32 base32 characters without padding", a)
	}
	key, err := decodeSecret(a)
	if err != nil || len(key) != SecretSize {
		t.Fatalf("decode %q: %d bytes, %v", a, len(key), err)
	}
	if _, err := Code(a, time.Now()); err != nil {
		t.Fatal(err)
	}
}

func TestSecretForms(t *testing.T) {
	at := time.Unix(1234567890, 0)
	want, _ := Code(rfcSecret, at)
	lower := strings.ToLower(strings.TrimRight(rfcSecret, "="))
	spaced := lower[:4] + " " + lower[4:8] + "-" + lower[8:]
	for _, s := range []string{lower, spaced} {
		got, err := Code(s, at)
		if err != nil || got != want {
			t.Errorf("Code(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	for _, s := range []string{"", "not base32!", "A"} {
		if _, err := Code(s, at); err == nil {
			t.Errorf("Code(%q): no error", s)
		}
	}
}

func TestVerify(t *testing.T) {
	secret, err := GenerateSecret()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_750_000_005, 0) // 5 s into a step
	cur := timeStep(now)
	codeAt := func(d time.Duration) string {
		t.Helper()
		c, err := Code(secret, now.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	t.Run("skew", func(t *testing.T) {
		tests := []struct {
			name string
			d    time.Duration
			ok   bool
			step int64
		}{
			{"current", 0, true, cur},
			{"previous", -Period * time.Second, true, cur - 1},
			{"next", Period * time.Second, true, cur + 1},
			{"two before", -2 * Period * time.Second, false, 0},
			{"two after", 2 * Period * time.Second, false, 0},
			{"an hour before", -time.Hour, false, 0},
		}
		for _, tt := range tests {
			c := codeAt(tt.d)
			step, ok := Verify(secret, c, now, 0)
			if ok != tt.ok || (ok && step != tt.step) {
				t.Errorf("%s: Verify = %d, %v; want %d, %v", tt.name, step, ok, tt.step, tt.ok)
			}
		}
	})

	t.Run("replay", func(t *testing.T) {
		c := codeAt(0)
		step, ok := Verify(secret, c, now, 0)
		if !ok {
			t.Fatal("first use refused")
		}
		if _, ok := Verify(secret, c, now, step); ok {
			t.Fatal("same code accepted twice")
		}
		if _, ok := Verify(secret, c, now.Add(20*time.Second), step); ok {
			t.Fatal("same code accepted twice later in its window")
		}
		// After a login with the next step's code, the current and
		// previous codes are no longer accepted either.
		next, ok := Verify(secret, codeAt(Period*time.Second), now, 0)
		if !ok {
			t.Fatal("next step refused")
		}
		if _, ok := Verify(secret, c, now, next); ok {
			t.Fatal("older step accepted after a newer one")
		}
		if s, ok := Verify(secret, codeAt(2*Period*time.Second), now.Add(Period*time.Second), next); !ok || s != next+1 {
			t.Fatalf("following step: %d, %v", s, ok)
		}
	})

	t.Run("malformed", func(t *testing.T) {
		good := codeAt(0)
		for _, c := range []string{
			"", "12345", "1234567", good + " ", " " + good, good[:3] + " " + good[3:],
			"12345a", "+12345", "-12345", "１２３４５６", "123\x00456", "٣٤٥٦٧٨",
		} {
			if _, ok := Verify(secret, c, now, 0); ok {
				t.Errorf("Verify(%q) accepted", c)
			}
		}
		if _, ok := Verify("", good, now, 0); ok {
			t.Error("empty secret accepted")
		}
		if _, ok := Verify("!!!", good, now, 0); ok {
			t.Error("invalid secret accepted")
		}
	})

	t.Run("wrong secret", func(t *testing.T) {
		at := time.Unix(1234567890, 0)
		other := "JBSWY3DPEHPK3PXP"
		c, _ := Code(other, at)
		if _, ok := Verify(rfcSecret, c, at, 0); ok {
			t.Error("code of another secret accepted")
		}
		if _, ok := Verify(other, c, at, 0); !ok {
			t.Error("code refused for its own secret")
		}
	})
}

func TestTimeStep(t *testing.T) {
	tests := []struct {
		unix int64
		want int64
	}{{0, 0}, {29, 0}, {30, 1}, {59, 1}, {-1, -1}, {-30, -1}, {-31, -2}}
	for _, tt := range tests {
		if got := timeStep(time.Unix(tt.unix, 0)); got != tt.want {
			t.Errorf("timeStep(%d) = %d, want %d", tt.unix, got, tt.want)
		}
	}
	if _, err := Code(rfcSecret, time.Unix(-100, 0)); err == nil {
		t.Error("Code before the epoch: no error")
	}
}

func TestURI(t *testing.T) {
	secret := "JBSWY3DPEHPK3PXP"
	got := URI("落实", "张三 <zhang@example.cn>", secret)
	want := "otpauth://totp/%E8%90%BD%E5%AE%9E:%E5%BC%A0%E4%B8%89%20%3Czhang%40example.cn%3E" +
		"?secret=JBSWY3DPEHPK3PXP&issuer=%E8%90%BD%E5%AE%9E&algorithm=SHA1&digits=6&period=30"
	if got != want {
		t.Fatalf("URI =\n%s\nwant\n%s", got, want)
	}

	// Characters that would break the label or the query are escaped,
	// and the URI parses back to what went in.
	issuer, account := "A&B Co: 督办", "a:b?c=d&e+f/g#h"
	u, err := url.Parse(URI(issuer, account, secret))
	if err != nil {
		t.Fatal(err)
	}
	if u.Scheme != "otpauth" || u.Host != "totp" {
		t.Errorf("scheme/host = %q/%q", u.Scheme, u.Host)
	}
	if u.Fragment != "" {
		t.Errorf("fragment %q: '#' not escaped", u.Fragment)
	}
	label := strings.TrimPrefix(u.EscapedPath(), "/")
	parts := strings.Split(label, ":")
	if len(parts) != 2 {
		t.Fatalf("label %q: want exactly one unescaped ':'", label)
	}
	gotIssuer, _ := url.PathUnescape(parts[0])
	gotAccount, _ := url.PathUnescape(parts[1])
	if gotIssuer != issuer || gotAccount != account {
		t.Errorf("label = %q:%q, want %q:%q", gotIssuer, gotAccount, issuer, account)
	}
	q := u.Query()
	if q.Get("issuer") != issuer || q.Get("secret") != secret || q.Get("algorithm") != "SHA1" ||
		q.Get("digits") != "6" || q.Get("period") != "30" || len(q) != 5 {
		t.Errorf("query = %v", q)
	}
}
