package otp

import (
	"bytes"
	"image/png"
	"testing"
)

func TestQRCodePNG(t *testing.T) {
	uri := URI("落实", "zhangsan", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
	for _, size := range []int{256, 300} {
		b, err := QRCodePNG(uri, size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("size %d: not a PNG: %v", size, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("size %d: image is %dx%d", size, r.Dx(), r.Dy())
		}
		// A QR code has both dark and light pixels.
		seen := map[bool]bool{}
		for y := 0; y < size; y += 3 {
			for x := 0; x < size; x += 3 {
				r, _, _, _ := img.At(x, y).RGBA()
				seen[r < 0x8000] = true
			}
		}
		if !seen[true] || !seen[false] {
			t.Errorf("size %d: image is blank", size)
		}
	}
}

func TestQRCodePNGErrors(t *testing.T) {
	for _, tt := range []struct {
		content string
		size    int
	}{
		{"x", 0},
		{"x", -5},
		{"x", MaxQRSize + 1},
		{"", 256},
		{URI("落实", "zhangsan", "JBSWY3DPEHPK3PXP"), 20}, // fewer pixels than modules
	} {
		if _, err := QRCodePNG(tt.content, tt.size); err == nil {
			t.Errorf("QRCodePNG(%q, %d): no error", tt.content, tt.size)
		}
	}
}
