package soak

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
)

// Plot sizes.
const (
	PlotWidth  = 960
	PlotHeight = 560
	margin     = 48
)

var (
	white = color.RGBA{255, 255, 255, 255}
	grey  = color.RGBA{220, 220, 220, 255}
	black = color.RGBA{40, 40, 40, 255}
	// MemoryColour and P99Colour are the two series' colours.
	MemoryColour = color.RGBA{31, 119, 180, 255}
	P99Colour    = color.RGBA{214, 39, 40, 255}
)

// Plot draws resident memory (MB, top panel) and p99 latency (ms, bottom panel) against
// minutes, each from 0 to a little over its largest value, with a grid line every ten
// minutes, labelled with a small built-in font (the standard library has none).
func Plot(samples []Sample) ([]byte, error) {
	if len(samples) == 0 {
		return nil, errors.New("plot: no samples")
	}
	img := image.NewRGBA(image.Rect(0, 0, PlotWidth, PlotHeight))
	fill(img, img.Bounds(), white)
	lastMin := samples[len(samples)-1].Minute
	if lastMin <= 0 {
		lastMin = 1
	}
	half := PlotHeight / 2
	panels := []struct {
		label string
		top   int
		col   color.RGBA
		val   func(Sample) float64
	}{
		{"RSS MB", 0, MemoryColour, func(s Sample) float64 { return float64(s.RSSKB) / 1024 }},
		{"P99 MS", half, P99Colour, func(s Sample) float64 { return s.P99 }},
	}
	for _, p := range panels {
		r := image.Rect(margin, p.top+margin/2, PlotWidth-margin/2, p.top+half-margin/2)
		maxV := 0.0
		for _, s := range samples {
			maxV = math.Max(maxV, p.val(s))
		}
		maxV = math.Max(maxV*1.1, 1)
		x := func(m float64) int { return r.Min.X + int(m/lastMin*float64(r.Dx()-1)) }
		y := func(v float64) int { return r.Max.Y - 1 - int(v/maxV*float64(r.Dy()-1)) }
		for m := 10.0; m < lastMin; m += 10 {
			vline(img, x(m), r.Min.Y, r.Max.Y, grey)
			text(img, x(m)-4, r.Max.Y+4, strconv.Itoa(int(m)), black)
		}
		for q := 1; q < 4; q++ {
			hline(img, r.Min.X, r.Max.X, r.Min.Y+q*r.Dy()/4, grey)
		}
		frame(img, r, black)
		text(img, r.Min.X+6, r.Min.Y+6, p.label, p.col)
		text(img, 4, r.Min.Y, strconv.FormatFloat(maxV, 'f', 1, 64), black)
		text(img, 4, r.Max.Y-10, "0", black)
		for i := 1; i < len(samples); i++ {
			line(img, x(samples[i-1].Minute), y(p.val(samples[i-1])), x(samples[i].Minute), y(p.val(samples[i])), p.col)
		}
		for _, s := range samples {
			fill(img, image.Rect(x(s.Minute)-2, y(p.val(s))-2, x(s.Minute)+3, y(p.val(s))+3), p.col)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			img.SetRGBA(x, y, c)
		}
	}
}

func hline(img *image.RGBA, x0, x1, y int, c color.RGBA) { fill(img, image.Rect(x0, y, x1, y+1), c) }
func vline(img *image.RGBA, x, y0, y1 int, c color.RGBA) { fill(img, image.Rect(x, y0, x+1, y1), c) }

func frame(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	hline(img, r.Min.X, r.Max.X, r.Min.Y, c)
	hline(img, r.Min.X, r.Max.X, r.Max.Y-1, c)
	vline(img, r.Min.X, r.Min.Y, r.Max.Y, c)
	vline(img, r.Max.X-1, r.Min.Y, r.Max.Y, c)
}

// line draws a two-pixel-thick segment (Bresenham).
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		fill(img, image.Rect(x0, y0, x0+2, y0+2), c)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int { return max(v, -v) }

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// glyphs is a 3×5 font of what the labels use; each row is three bits, left to right.
var glyphs = map[rune][5]uint8{
	'0': {7, 5, 5, 5, 7}, '1': {2, 6, 2, 2, 7}, '2': {7, 1, 7, 4, 7}, '3': {7, 1, 7, 1, 7},
	'4': {5, 5, 7, 1, 1}, '5': {7, 4, 7, 1, 7}, '6': {7, 4, 7, 5, 7}, '7': {7, 1, 1, 1, 1},
	'8': {7, 5, 7, 5, 7}, '9': {7, 5, 7, 1, 7}, '.': {0, 0, 0, 0, 2}, ' ': {},
	'R': {6, 5, 6, 5, 5}, 'S': {7, 4, 7, 1, 7}, 'M': {5, 7, 7, 5, 5}, 'B': {6, 5, 6, 5, 6},
	'P': {7, 5, 7, 4, 4},
}

// text writes s at (x, y) in the 3×5 font, scaled twice.
func text(img *image.RGBA, x, y int, s string, c color.RGBA) {
	for _, r := range s {
		g := glyphs[r]
		for row, bits := range g {
			for col := 0; col < 3; col++ {
				if bits&(4>>col) != 0 {
					fill(img, image.Rect(x+2*col, y+2*row, x+2*col+2, y+2*row+2), c)
				}
			}
		}
		x += 8
	}
}
