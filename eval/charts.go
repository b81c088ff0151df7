package eval

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// table indexes a results file's buggy cells by program and tool, in the
// order the cells were measured.
type table struct {
	programs []string
	tools    []string
	cells    map[[2]string]*Cell // {program, tool}
	fixed    map[[2]string]*Cell
}

func tableOf(r *Results) *table {
	t := &table{cells: map[[2]string]*Cell{}, fixed: map[[2]string]*Cell{}}
	for _, c := range r.Cells {
		if !slices.Contains(t.programs, c.Program) {
			t.programs = append(t.programs, c.Program)
		}
		if !slices.Contains(t.tools, c.Tool) {
			t.tools = append(t.tools, c.Tool)
		}
		k := [2]string{c.Program, c.Tool}
		if c.Form == FormFixed {
			t.fixed[k] = c
		} else {
			t.cells[k] = c
		}
	}
	// Kernels first, then the executor's defects, each by name: the order
	// does not depend on which part of a resumed evaluation measured what.
	slices.SortStableFunc(t.programs, func(a, b string) int {
		ea, eb := strings.HasPrefix(a, "executor/"), strings.HasPrefix(b, "executor/")
		switch {
		case ea != eb && ea:
			return 1
		case ea != eb:
			return -1
		}
		return strings.Compare(a, b)
	})
	order := append(slices.Clone(KernelTools), ToolReal)
	slices.SortStableFunc(t.tools, func(a, b string) int { return slices.Index(order, a) - slices.Index(order, b) })
	return t
}

// rate is the per-run detection rate of a cell, NaN if it was not
// measured.
func (t *table) rate(program, tool string) float64 {
	c := t.cells[[2]string{program, tool}]
	if c == nil || c.Error != "" {
		return math.NaN()
	}
	return c.RatePerRun()
}

// rateChart is a heat map: one row per program, one column per tool, each
// square the per-run detection rate on the buggy form.
func rateChart(t *table) []byte {
	const left, top, cw, ch = 230.0, 110.0, 70.0, 18.0
	w := left + cw*float64(len(t.tools)) + 20
	h := top + ch*float64(len(t.programs)) + 40
	s := newSVG(w, h)
	s.text(10, 18, "start", "#000", "Detection rate per run (buggy form); darker is higher, grey: not measured")
	for j, tool := range t.tools {
		s.textRotated(left+cw*float64(j)+cw/2-6, top-6, tool)
	}
	for i, p := range t.programs {
		y := top + ch*float64(i)
		s.text(left-6, y+ch*0.7, "end", "#000", p)
		for j, tool := range t.tools {
			r := t.rate(p, tool)
			x := left + cw*float64(j)
			label := "-"
			if !math.IsNaN(r) {
				label = fmt.Sprintf("%.2g", r)
			}
			s.rect(x+1, y+1, cw-2, ch-2, rateColor(r), fmt.Sprintf("%s, %s: %s", p, tool, label))
			fill := "#000"
			if !math.IsNaN(r) && r > 0.3 {
				fill = "#fff"
			}
			s.text(x+cw/2, y+ch*0.7, "middle", fill, label)
		}
	}
	return s.bytes()
}

// timeChart plots the median wall time to the first detection per program
// and tool on a log scale, with the quartiles as a bar; a tool whose
// median is censored (more than half its campaigns found nothing) is drawn
// as a cross at the right edge.
func timeChart(t *table) []byte {
	const left, top, rowH, plotW = 230.0, 60.0, 22.0, 560.0
	lo, hi := 1e-3, 1e2 // seconds
	for _, c := range t.cells {
		if s := c.WallToFind(); !math.IsInf(s.P25, 0) && !math.IsNaN(s.P25) && s.P25 > 0 {
			lo = min(lo, math.Pow(10, math.Floor(math.Log10(s.P25))))
		}
	}
	w := max(left+plotW+40, 20+110*float64(len(t.tools)))
	h := top + rowH*float64(len(t.programs)) + 60
	s := newSVG(w, h)
	x := func(sec float64) float64 {
		sec = max(lo, min(hi, sec))
		return left + plotW*(math.Log10(sec)-math.Log10(lo))/(math.Log10(hi)-math.Log10(lo))
	}
	s.text(10, 18, "start", "#000", "Wall time to first detection, seconds, log scale: median (dot) and quartiles (bar); x at the right: not found in most campaigns")
	for e := math.Log10(lo); e <= math.Log10(hi)+1e-9; e++ {
		sec := math.Pow(10, e)
		s.line(x(sec), top-10, x(sec), h-40, "#dddddd", 1)
		s.text(x(sec), h-26, "middle", "#000", fmt.Sprintf("%g", sec))
	}
	for j, tool := range t.tools {
		lx := 10 + float64(j)*110
		s.circle(lx+4, 36, 4, toolColors[tool], tool)
		s.text(lx+12, 40, "start", "#000", tool)
	}
	for i, p := range t.programs {
		y := top + rowH*float64(i)
		s.text(left-6, y+rowH*0.6, "end", "#000", p)
		for j, tool := range t.tools {
			c := t.cells[[2]string{p, tool}]
			if c == nil || c.Error != "" || len(c.Campaigns) == 0 {
				continue
			}
			off := y + 3 + (rowH-6)*float64(j)/float64(max(1, len(t.tools)-1))
			sp := c.WallToFind()
			title := fmt.Sprintf("%s, %s: median %s s", p, tool, fmtSec(sp.Median))
			if math.IsInf(sp.Median, 1) {
				s.text(left+plotW+8, off+3, "middle", toolColors[tool], "x")
				continue
			}
			s.line(x(sp.P25), off, x(sp.P75), off, toolColors[tool], 2)
			s.circle(x(sp.Median), off, 2.5, toolColors[tool], title)
		}
	}
	return s.bytes()
}

// throughputChart is seeds/s per scenario, one bar for one worker and one
// for all workers.
func throughputChart(ts []Throughput) []byte {
	var names []string
	best := 1.0
	for _, t := range ts {
		if !slices.Contains(names, t.Scenario) {
			names = append(names, t.Scenario)
		}
		best = max(best, t.PerSec)
	}
	const left, top, rowH, plotW = 230.0, 50.0, 30.0, 500.0
	w := left + plotW + 90
	h := top + rowH*float64(len(names)) + 20
	s := newSVG(w, h)
	s.text(10, 18, "start", "#000", "execsim seeds/s per scenario through simrun (light: 1 worker, dark: all workers)")
	for i, n := range names {
		y := top + rowH*float64(i)
		s.text(left-6, y+rowH*0.5, "end", "#000", n)
		k := 0
		for _, t := range ts {
			if t.Scenario != n {
				continue
			}
			fill := "#9ecae1"
			if k > 0 {
				fill = "#3182bd"
			}
			bw := plotW * t.PerSec / best
			by := y + 2 + float64(k)*12
			s.rect(left, by, bw, 10, fill, fmt.Sprintf("%s, %d worker(s): %.0f seeds/s", n, t.Workers, t.PerSec))
			s.text(left+bw+4, by+9, "start", "#000", fmt.Sprintf("%.0f (%dw)", t.PerSec, t.Workers))
			k++
		}
	}
	return s.bytes()
}

func fmtSec(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.IsInf(x, 1):
		return "not found"
	case x < 0.01:
		return fmt.Sprintf("%.2g", x)
	case x < 10:
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.0f", x)
}
