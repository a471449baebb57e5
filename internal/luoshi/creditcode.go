package luoshi

import (
	"strings"
	"unicode/utf8"
)

// creditCodeChars is the character set of the unified social credit code (GB 32100-2015):
// digits and upper-case letters without I, O, S, V and Z. A character's index is its value.
const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCodeWeights are the weights of the first 17 characters in the check sum.
var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCodeField names the field in validation errors.
const creditCodeField = "credit_code"

// ValidateCreditCode checks a unified social credit code (统一社会信用代码, GB 32100-2015):
// 18 characters from the digits and the upper-case letters except I, O, S, V and Z, the last
// being the check character of the first 17. The error is an EINVALID error on the field
// "credit_code" saying exactly what is wrong. Surrounding space is not trimmed here.
func ValidateCreditCode(code string) error {
	if n := utf8.RuneCountInString(code); n != 18 {
		if n == 0 {
			return Invalid(creditCodeField, "creditcode.empty")
		}
		return Invalid(creditCodeField, "creditcode.length", n)
	}
	if msg := checkCreditCodeChars(code); msg != nil {
		return Invalid(creditCodeField, msg.Key, msg.Args...)
	}
	want := creditCodeCheck(code[:17])
	if got := code[17]; got != want {
		return Invalid(creditCodeField, "creditcode.check", want, got)
	}
	return nil
}

// CreditCodeCheckChar returns the check character (the 18th) for the first 17 characters
// of a unified social credit code, so that valid codes can be made up for demo data.
func CreditCodeCheckChar(first17 string) (byte, error) {
	if n := utf8.RuneCountInString(first17); n != 17 {
		return 0, Invalid(creditCodeField, "creditcode.body_length", n)
	}
	if msg := checkCreditCodeChars(first17); msg != nil {
		return 0, Invalid(creditCodeField, msg.Key, msg.Args...)
	}
	return creditCodeCheck(first17), nil
}

// checkCreditCodeChars says what is wrong with the first bad character of s, if any.
func checkCreditCodeChars(s string) *Msg {
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case 'a' <= r && r <= 'z':
			return &Msg{"creditcode.lower_case", []any{pos, r}}
		case r == 'I' || r == 'O' || r == 'S' || r == 'V' || r == 'Z':
			return &Msg{"creditcode.letter", []any{pos, r}}
		case r >= utf8.RuneSelf || !strings.ContainsRune(creditCodeChars, r):
			return &Msg{"creditcode.char", []any{pos, r}}
		}
	}
	return nil
}

// creditCodeCheck computes the check character of 17 valid characters.
func creditCodeCheck(first17 string) byte {
	sum := 0
	for i, w := range creditCodeWeights {
		sum += strings.IndexByte(creditCodeChars, first17[i]) * w
	}
	return creditCodeChars[(31-sum%31)%31]
}
