package main

import (
	"io"
	"strings"
	"testing"
)

func parseServe(t *testing.T, args ...string) (Config, error) {
	t.Helper()
	var cfg Config
	if err := newFlagSet("serve", &cfg, io.Discard, true).Parse(args); err != nil {
		return cfg, err
	}
	return cfg, cfg.validate()
}

// TestTrustedProxiesConfig: the proxies come from --trusted-proxies or
// LUOSHI_TRUSTED_PROXIES and are checked at start; the old --trust-proxy is refused with
// what to use instead.
func TestTrustedProxiesConfig(t *testing.T) {
	t.Setenv("LUOSHI_TRUST_PROXY", "")
	t.Setenv("LUOSHI_TRUSTED_PROXIES", "")
	cfg, err := parseServe(t)
	if err != nil || len(cfg.Proxies) != 0 {
		t.Fatalf("default: %v %v", cfg.Proxies, err)
	}
	cfg, err = parseServe(t, "--trusted-proxies", "127.0.0.1, 10.0.0.0/8")
	if err != nil || cfg.Proxies.String() != "127.0.0.1/32,10.0.0.0/8" {
		t.Errorf("flag: %v %v", cfg.Proxies, err)
	}
	if _, err = parseServe(t, "--trusted-proxies", "127.0.0.1,proxy.example"); err == nil ||
		!strings.Contains(err.Error(), "proxy.example") {
		t.Errorf("a name, not an address: %v", err)
	}
	t.Setenv("LUOSHI_TRUSTED_PROXIES", "192.0.2.0/24")
	if cfg, err = parseServe(t); err != nil || cfg.Proxies.String() != "192.0.2.0/24" {
		t.Errorf("environment: %v %v", cfg.Proxies, err)
	}
	if cfg, err = parseServe(t, "--trusted-proxies", "::1"); err != nil || cfg.Proxies.String() != "::1/128" {
		t.Errorf("the flag beats the environment: %v %v", cfg.Proxies, err)
	}
	if _, err = parseServe(t, "--trust-proxy"); err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
		t.Errorf("--trust-proxy: %v", err)
	}
	t.Setenv("LUOSHI_TRUST_PROXY", "1")
	if _, err = parseServe(t); err == nil || !strings.Contains(err.Error(), "LUOSHI_TRUSTED_PROXIES") {
		t.Errorf("LUOSHI_TRUST_PROXY=1: %v", err)
	}
	t.Setenv("LUOSHI_TRUST_PROXY", "0")
	if _, err = parseServe(t); err != nil {
		t.Errorf("LUOSHI_TRUST_PROXY=0: %v", err)
	}
}
