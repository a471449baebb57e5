package otp

import (
	"errors"
	"fmt"

	qrcode "github.com/skip2/go-qrcode"
)

// MaxQRSize bounds the side of a QR code image in pixels, so a request
// cannot make the server render an arbitrarily large picture.
const MaxQRSize = 2048

// QRCodePNG returns content (typically a [URI]) as a QR code in a PNG image
// of size×size pixels, with medium error correction and the standard quiet
// zone. It fails if size is not positive, is above [MaxQRSize], or is too
// small to draw one pixel per module.
func QRCodePNG(content string, size int) ([]byte, error) {
	if size <= 0 || size > MaxQRSize {
		return nil, fmt.Errorf("otp: QR code size %d out of range 1..%d", size, MaxQRSize)
	}
	if content == "" {
		return nil, errors.New("otp: empty QR code content")
	}
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("otp: QR code: %w", err)
	}
	// The library silently returns a larger image than asked for when the
	// size cannot hold every module; say so instead.
	if need := len(q.Bitmap()); size < need {
		return nil, fmt.Errorf("otp: QR code size %d too small for this content, need at least %d", size, need)
	}
	png, err := q.PNG(size)
	if err != nil {
		return nil, fmt.Errorf("otp: QR code PNG: %w", err)
	}
	return png, nil
}
