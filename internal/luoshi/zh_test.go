package luoshi_test

import (
	"luoshi/internal/i18n"
	"luoshi/internal/luoshi"
)

func init() { *luoshi.ZHText = i18n.ZH.Error }
