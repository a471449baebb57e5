package luoshi

import (
	"fmt"
	"strings"
	"testing"
)

// creditCodeSample is a valid code the domain relies on.
const creditCodeSample = "91350100M000100Y43"

func TestValidateCreditCodeValid(t *testing.T) {
	tests := []string{
		creditCodeSample,
		"000000000000000000", // sum 0: check 31 → 0
	}
	// Codes made with CreditCodeCheckChar are valid, whatever the first 17 characters.
	for _, first17 := range []string{"91420117MA4K0000", "12420117000000001", "YYYYYYYYYYYYYYYYY", "5142011700000000X"} {
		first17 = (first17 + "0")[:17]
		c, err := CreditCodeCheckChar(first17)
		if err != nil {
			t.Fatalf("CreditCodeCheckChar(%q): %v", first17, err)
		}
		tests = append(tests, first17+string(c))
	}
	for _, code := range tests {
		t.Run(code, func(t *testing.T) {
			if err := ValidateCreditCode(code); err != nil {
				t.Errorf("ValidateCreditCode(%q) = %v", code, err)
			}
		})
	}
}

func TestCreditCodeCheckChar(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
		err     string
	}{
		{creditCodeSample[:17], '3', ""},
		{"00000000000000000", '0', ""},
		{"10000000000000000", 'Y', ""}, // 31 − 1
		{"91350100M000100Y", 0, "统一社会信用代码前 17 位应为 17 位，实际为 16 位"},
		{creditCodeSample, 0, "实际为 18 位"},
		{"91350100m000100Y4", 0, "第 9 位是小写字母 m"},
		{"91350100O000100Y4", 0, "第 9 位的 O 无效"},
	}
	for _, tt := range tests {
		t.Run(tt.first17, func(t *testing.T) {
			got, err := CreditCodeCheckChar(tt.first17)
			if tt.err != "" {
				calWantInvalid(t, err, tt.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CreditCodeCheckChar(%q) = %c, want %c", tt.first17, got, tt.want)
			}
		})
	}
}

func TestValidateCreditCodeErrors(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"empty", "", "统一社会信用代码为空，应为 18 位"},
		{"too short", creditCodeSample[:17], "统一社会信用代码应为 18 位，实际为 17 位"},
		{"too long", creditCodeSample + "0", "统一社会信用代码应为 18 位，实际为 19 位"},
		{"surrounding space", " " + creditCodeSample, "实际为 19 位"},
		{"lower case", "91350100m000100y43", "统一社会信用代码须使用大写字母：第 9 位是小写字母 m"},
		{"letter I", "91350100I000100Y43", "统一社会信用代码第 9 位的 I 无效：不使用字母 I、O、S、V、Z"},
		{"letter Z at the end", "91350100M000100Y4Z", "第 18 位的 Z 无效"},
		{"punctuation", "91350100-000100Y43", `第 9 位的 '-' 无效：只能是数字 0–9 和大写字母（不含 I、O、S、V、Z）`},
		{"space inside", "91350100 000100Y43", `第 9 位的 ' ' 无效`},
		{"full-width digit", "９1350100M000100Y43", `第 1 位的 '９' 无效`},
		{"Chinese character", "91350100M000100Y4号", `第 18 位的 '号' 无效`},
		{"wrong check character", "91350100M000100Y44", "统一社会信用代码校验位错误：第 18 位应为 3，实际为 4"},
		{"transposed digits", "91351000M000100Y43", "校验位错误：第 18 位应为"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateCreditCode(tt.code)
			calWantInvalid(t, err, tt.want)
			e, _ := AsError(err)
			if len(e.Fields) != 1 || e.Fields[0].Field != "credit_code" {
				t.Errorf("fields = %v, want one on credit_code", e.Fields)
			}
		})
	}
}

// TestValidateCreditCodeEverySubstitution changes each character of a valid code to every
// other character of the set: the check character must catch every one.
func TestValidateCreditCodeEverySubstitution(t *testing.T) {
	if err := ValidateCreditCode(creditCodeSample); err != nil {
		t.Fatal(err)
	}
	for i := range len(creditCodeSample) {
		t.Run(fmt.Sprintf("position %d", i+1), func(t *testing.T) {
			for _, r := range creditCodeChars {
				if byte(r) == creditCodeSample[i] {
					continue
				}
				code := creditCodeSample[:i] + string(r) + creditCodeSample[i+1:]
				err := ValidateCreditCode(code)
				if err == nil {
					t.Fatalf("ValidateCreditCode(%q) = nil, want an error", code)
				}
				if !strings.Contains(errText(err), "校验位错误") {
					t.Errorf("ValidateCreditCode(%q) = %v, want a check-character error", code, err)
				}
			}
		})
	}
}

func FuzzValidateCreditCode(f *testing.F) {
	for _, s := range []string{creditCodeSample, creditCodeSample[:17], "91350100m000100y43", "９1350100M000100Y4号"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := ValidateCreditCode(s); err != nil && ErrorCode(err) != EINVALID {
			t.Fatalf("ValidateCreditCode(%q): code %q", s, ErrorCode(err))
		}
		if c, err := CreditCodeCheckChar(s); err == nil {
			if err := ValidateCreditCode(s + string(c)); err != nil {
				t.Fatalf("ValidateCreditCode(%q) = %v after CreditCodeCheckChar", s+string(c), err)
			}
		}
	})
}
