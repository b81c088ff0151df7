package eval

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
)

// svg is a minimal SVG writer: the few shapes the charts draw, with
// coordinates rounded to a tenth of a pixel so that regenerating a chart
// from the same results gives the same bytes.
type svg struct {
	b    bytes.Buffer
	w, h float64
}

func newSVG(w, h float64) *svg {
	s := &svg{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif" font-size="11">`+"\n", num(w), num(h), num(w), num(h))
	s.rect(0, 0, w, h, "#ffffff", "")
	return s
}

func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "0"
	}
	return fmt.Sprintf("%g", math.Round(x*10)/10)
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// rect draws a rectangle; title, if any, is its hover text.
func (s *svg) rect(x, y, w, h float64, fill, title string) {
	if title == "" {
		fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`+"\n", num(x), num(y), num(w), num(h), fill)
		return
	}
	fmt.Fprintf(&s.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`+"\n", num(x), num(y), num(w), num(h), fill, esc(title))
}

func (s *svg) line(x1, y1, x2, y2 float64, stroke string, width float64) {
	fmt.Fprintf(&s.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"/>`+"\n", num(x1), num(y1), num(x2), num(y2), stroke, num(width))
}

func (s *svg) circle(x, y, r float64, fill, title string) {
	fmt.Fprintf(&s.b, `<circle cx="%s" cy="%s" r="%s" fill="%s"><title>%s</title></circle>`+"\n", num(x), num(y), num(r), fill, esc(title))
}

// text draws s at (x, y); anchor is start, middle or end.
func (s *svg) text(x, y float64, anchor, fill, str string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="%s" fill="%s">%s</text>`+"\n", num(x), num(y), anchor, fill, esc(str))
}

// textRotated draws str rotated by -45 degrees about (x, y), for column
// labels.
func (s *svg) textRotated(x, y float64, str string) {
	fmt.Fprintf(&s.b, `<text x="%s" y="%s" text-anchor="start" transform="rotate(-45 %s %s)">%s</text>`+"\n", num(x), num(y), num(x), num(y), esc(str))
}

func (s *svg) bytes() []byte {
	return append(s.b.Bytes(), "</svg>\n"...)
}

// rateColor maps a detection rate in [0, 1] to a colour from white (0)
// to dark blue (1), on a square-root scale so that rare detections are
// visible; NaN (not measured) is grey.
func rateColor(r float64) string {
	if math.IsNaN(r) {
		return "#dddddd"
	}
	t := math.Sqrt(max(0, min(1, r)))
	c := func(from, to float64) int { return int(math.Round(from + (to-from)*t)) }
	return fmt.Sprintf("#%02x%02x%02x", c(255, 8), c(255, 48), c(255, 107))
}

// toolColors are the tools' colours in every chart.
var toolColors = map[string]string{
	ToolRandom: "#1b9e77", ToolPCT1: "#66a61e", ToolPCT2: "#7570b3", ToolPCT3: "#e7298a",
	ToolStress: "#d95f02", ToolSynctest: "#e6ab02", ToolLeakProfile: "#a6761d", ToolReal: "#666666",
}
