package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/json"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// run runs the built binary in dir and returns its combined output and error.
func runBin(t *testing.T, bin, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestAuditVerifyCommand is acceptance 3 of the security issue from the command line: an
// untouched trail verifies; one changed row makes `luoshi audit verify` fail and name it.
func TestAuditVerifyCommand(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	s := startServer(t, bin, nil, "--db", "sqlite:"+db, "--key-file", filepath.Join(dir, "k.key"), "--demo", "--demo-password", "Demo-pass-2026")
	login(t, s.url, "duchashi", "Demo-pass-2026")
	s.stop(t)
	t.Setenv("LUOSHI_DB", "sqlite:"+db)
	out, err := runBin(t, bin, dir, "audit", "verify", "--key-file", filepath.Join(dir, "k.key"))
	if err != nil || !strings.Contains(out, "intact") {
		t.Fatalf("untouched: %v %s", err, out)
	}
	conn, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor_name = 'someone' WHERE id = 42`} {
		if _, err := conn.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	out, err = runBin(t, bin, dir, "audit", "verify", "--key-file", filepath.Join(dir, "k.key"))
	if err == nil || !strings.Contains(out, "id 42") {
		t.Errorf("tampered: %v %s", err, out)
	}
}

// TestKeysAndTLS: `luoshi keys rotate` re-seals sensitive fields under a new key, which the
// server then reads; --tls-cert/--tls-key serve HTTPS with Secure cookies.
func TestKeysAndTLS(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	db, key := filepath.Join(dir, "k.db"), filepath.Join(dir, "fields.key")
	cert, certKey := selfSigned(t, dir)
	s := startTLS(t, bin, dir, "--db", "sqlite:"+db, "--key-file", key, "--demo", "--demo-password", "Demo-pass-2026",
		"--tls-cert", cert, "--tls-key", certKey)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	admin := loginTLS(t, client, s, "admin")
	// The admin sets a phone number; it is sealed under key k1.
	req, _ := http.NewRequest("PUT", s+"/api/v1/users/5/contact", strings.NewReader(`{"phone":"13800138000"}`))
	req.Header.Set("Authorization", "Bearer "+admin)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := client.Do(req); err != nil || resp.StatusCode != 204 {
		t.Fatalf("set contact: %v %v", err, resp)
	}
	login, _ := http.NewRequest("POST", s+"/api/v1/login", strings.NewReader(`{"username":"duchashi","password":"Demo-pass-2026","cookie":true}`))
	login.Header.Set("Content-Type", "application/json")
	login.Header.Set("Origin", s) // as the browser's page on this site sends it
	resp, err := client.Do(login)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := resp.Cookies(); len(c) == 0 || !c[0].Secure || !c[0].HttpOnly {
		t.Errorf("cookie over TLS: %+v", c)
	}
	stopPID(t, s)
	sealed := func() string {
		conn, _ := sql.Open("sqlite", "file:"+db)
		defer conn.Close()
		var v string
		conn.QueryRow(`SELECT phone_sealed FROM users WHERE id = 5`).Scan(&v)
		return v
	}
	before := sealed()
	if !strings.HasPrefix(before, "sm4gcm:v1:k1:") {
		t.Fatalf("sealed as %q", before)
	}
	out, err := runBin(t, bin, dir, "keys", "rotate", "--db", "sqlite:"+db, "--key-file", key)
	if err != nil || !strings.Contains(out, "re-encrypted 1") {
		t.Fatalf("rotate: %v %s", err, out)
	}
	if after := sealed(); !strings.HasPrefix(after, "sm4gcm:v1:k2:") {
		t.Errorf("after rotation: %q", after)
	}
	s = startTLS(t, bin, dir, "--db", "sqlite:"+db, "--key-file", key, "--tls-cert", cert, "--tls-key", certKey)
	admin = loginTLS(t, client, s, "admin")
	req, _ = http.NewRequest("GET", s+"/api/v1/users?unit_id=1", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	buf := make([]byte, 1<<16)
	n, _ := resp.Body.Read(buf)
	sb.Write(buf[:n])
	resp.Body.Close()
	if !strings.Contains(sb.String(), "13800138000") {
		t.Errorf("after rotation the phone does not open: %s", sb.String())
	}
	if info, _ := os.Stat(key); info.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v", info.Mode())
	}
	stopPID(t, s)
}

var tlsProcs = map[string]*exec.Cmd{}

func startTLS(t *testing.T, bin, dir string, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Dir = dir
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	url := "https://" + addr
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	for i := 0; i < 300; i++ {
		if resp, err := client.Get(url + "/healthz"); err == nil {
			resp.Body.Close()
			tlsProcs[url] = cmd
			return url
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("TLS server did not start: %s", out)
	return ""
}

func stopPID(t *testing.T, url string) {
	cmd := tlsProcs[url]
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
}

func loginTLS(t *testing.T, client *http.Client, base, user string) string {
	t.Helper()
	resp, err := client.Post(base+"/api/v1/login", "application/json",
		strings.NewReader(`{"username":"`+user+`","password":"Demo-pass-2026"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var res struct{ Token string }
	if err := jsonDecode(resp.Body, &res); err != nil || res.Token == "" {
		t.Fatalf("login over TLS: %v %v", err, resp.Status)
	}
	return res.Token
}

// selfSigned writes a throwaway certificate for 127.0.0.1.
func selfSigned(t *testing.T, dir string) (string, string) {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "luoshi test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	cert, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)
	return cert, keyFile
}

func jsonDecode(r io.Reader, v any) error { return json.NewDecoder(r).Decode(v) }
