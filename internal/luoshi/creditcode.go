package luoshi

import (
	"fmt"
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
			return Invalid(creditCodeField, "统一社会信用代码为空，应为 18 位")
		}
		return Invalid(creditCodeField, "统一社会信用代码应为 18 位，实际为 %d 位", n)
	}
	if msg := checkCreditCodeChars(code); msg != "" {
		return Invalid(creditCodeField, "%s", msg)
	}
	want := creditCodeCheck(code[:17])
	if got := code[17]; got != want {
		return Invalid(creditCodeField, "统一社会信用代码校验位错误：第 18 位应为 %c，实际为 %c，请核对前 17 位", want, got)
	}
	return nil
}

// CreditCodeCheckChar returns the check character (the 18th) for the first 17 characters
// of a unified social credit code, so that valid codes can be made up for demo data.
func CreditCodeCheckChar(first17 string) (byte, error) {
	if n := utf8.RuneCountInString(first17); n != 17 {
		return 0, Invalid(creditCodeField, "统一社会信用代码前 17 位应为 17 位，实际为 %d 位", n)
	}
	if msg := checkCreditCodeChars(first17); msg != "" {
		return 0, Invalid(creditCodeField, "%s", msg)
	}
	return creditCodeCheck(first17), nil
}

// checkCreditCodeChars says what is wrong with the first bad character of s, if any.
func checkCreditCodeChars(s string) string {
	pos := 0
	for _, r := range s {
		pos++
		switch {
		case 'a' <= r && r <= 'z':
			return fmt.Sprintf("统一社会信用代码须使用大写字母：第 %d 位是小写字母 %c", pos, r)
		case r == 'I' || r == 'O' || r == 'S' || r == 'V' || r == 'Z':
			return fmt.Sprintf("统一社会信用代码第 %d 位的 %c 无效：不使用字母 I、O、S、V、Z", pos, r)
		case r >= utf8.RuneSelf || !strings.ContainsRune(creditCodeChars, r):
			return fmt.Sprintf("统一社会信用代码第 %d 位的 %q 无效：只能是数字 0–9 和大写字母（不含 I、O、S、V、Z）", pos, r)
		}
	}
	return ""
}

// creditCodeCheck computes the check character of 17 valid characters.
func creditCodeCheck(first17 string) byte {
	sum := 0
	for i, w := range creditCodeWeights {
		sum += strings.IndexByte(creditCodeChars, first17[i]) * w
	}
	return creditCodeChars[(31-sum%31)%31]
}
