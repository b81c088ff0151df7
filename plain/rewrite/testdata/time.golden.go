//line time.input.go:1
// time, context, runtime and math/rand calls go to plain; explicit
// generators stay.
package main; import execsim_plain "github.com/execsim/execsim/plain"

import (
	"context"
	"fmt"
	mrand "math/rand"
	"math/rand/v2"
	_ "runtime"
	"time"
)

func main() {
	start := execsim_plain.Now()
	execsim_plain.Sleep(time.Millisecond)
	fmt.Println(execsim_plain.Since(start) > 0, execsim_plain.Until(start) < 0)
	execsim_plain.Recv(execsim_plain.After(time.Millisecond))
	t := execsim_plain.NewTimer(time.Hour)
	fmt.Println(execsim_plain.TimerStop(t), execsim_plain.TimerReset(t, time.Hour), execsim_plain.TimerStop(t))
	tk := execsim_plain.NewTicker(time.Hour)
	execsim_plain.TickerReset(tk, time.Hour)
	execsim_plain.TickerStop(tk)
	af := execsim_plain.AfterFunc(time.Hour, func() {})
	execsim_plain.TimerStop(af)
	_ = execsim_plain.Tick
	now := execsim_plain.Now
	_ = now()
	d := 2 * time.Second
	_ = d

	ctx, cancel := execsim_plain.WithCancel(context.Background())
	defer cancel()
	ctx2, cancel2 := execsim_plain.WithTimeout(ctx, time.Hour)
	defer cancel2()
	ctx3, cancel3 := execsim_plain.WithDeadline(ctx2, start.Add(time.Hour))
	defer cancel3()
	ctx4, cancel4 := execsim_plain.WithCancelCause(ctx3)
	cancel4(fmt.Errorf("why"))
	execsim_plain.Recv(ctx4.Done())
	fmt.Println(execsim_plain.Cause(ctx4))
	stop := execsim_plain.ContextAfterFunc(ctx, func() {})
	stop()
	_, c5 := execsim_plain.WithTimeoutCause(ctx, time.Hour, nil)
	c5()
	_, c6 := execsim_plain.WithDeadlineCause(ctx, start, nil)
	c6()

	execsim_plain.Gosched()
	fmt.Println(execsim_plain.NumGoroutine() > 0)

	_ = execsim_plain.Rand().Intn(10) + execsim_plain.Rand().Int()
	execsim_plain.Rand().Shuffle(3, func(i, j int) {})
	r := mrand.New(mrand.NewSource(1))
	_ = r.Intn(3)
	_ = execsim_plain.RandV2().IntN(5) + execsim_plain.RandN(5)
	var dur time.Duration = execsim_plain.RandN(time.Second)
	_ = dur
	_ = rand.New(rand.NewPCG(1, 2)).IntN(3)
	gen := rand.Float64
	_ = gen
}
