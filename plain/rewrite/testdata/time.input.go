// time, context, runtime, math/rand and crypto/rand calls go to plain;
// explicit generators stay, and so does crypto/rand.Reader assigned to.
package main

import (
	"context"
	crand "crypto/rand"
	"fmt"
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"runtime"
	"time"
)

func main() {
	start := time.Now()
	time.Sleep(time.Millisecond)
	fmt.Println(time.Since(start) > 0, time.Until(start) < 0)
	<-time.After(time.Millisecond)
	t := time.NewTimer(time.Hour)
	fmt.Println(t.Stop(), t.Reset(time.Hour), t.Stop())
	tk := time.NewTicker(time.Hour)
	tk.Reset(time.Hour)
	tk.Stop()
	af := time.AfterFunc(time.Hour, func() {})
	af.Stop()
	tmStop, reset, tstop := t.Stop, t.Reset, tk.Stop // method values
	fmt.Println(reset(time.Hour), tmStop())
	tstop()
	_ = time.Tick
	now := time.Now
	_ = now()
	d := 2 * time.Second
	_ = d

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx2, cancel2 := context.WithTimeout(ctx, time.Hour)
	defer cancel2()
	ctx3, cancel3 := context.WithDeadline(ctx2, start.Add(time.Hour))
	defer cancel3()
	ctx4, cancel4 := context.WithCancelCause(ctx3)
	cancel4(fmt.Errorf("why"))
	<-ctx4.Done()
	fmt.Println(context.Cause(ctx4))
	stop := context.AfterFunc(ctx, func() {})
	stop()
	_, c5 := context.WithTimeoutCause(ctx, time.Hour, nil)
	c5()
	_, c6 := context.WithDeadlineCause(ctx, start, nil)
	c6()

	runtime.Gosched()
	fmt.Println(runtime.NumGoroutine() > 0)
	obj := new(int)
	runtime.SetFinalizer(obj, func(*int) {})
	runtime.SetFinalizer(obj, nil)
	runtime.AddCleanup(obj, func(int) {}, 1).Stop()
	buf := make([]byte, 4)
	crand.Read(buf)
	_ = crand.Text()
	n, _ := crand.Int(crand.Reader, big.NewInt(10))
	_ = n
	saved := crand.Reader
	crand.Reader = saved
	_ = &crand.Reader

	_ = mrand.Intn(10) + mrand.Int()
	mrand.Shuffle(3, func(i, j int) {})
	r := mrand.New(mrand.NewSource(1))
	_ = r.Intn(3)
	_ = rand.IntN(5) + rand.N(5)
	var dur time.Duration = rand.N(time.Second)
	_ = dur
	_ = rand.New(rand.NewPCG(1, 2)).IntN(3)
	gen := rand.Float64
	_ = gen
}
