#!/bin/sh
# native-rate.sh measures how often each kernel's buggy test fails when run
# natively (no world): EXECSIM_BUGGY=1, N iterations (default 200). It
# prints one line per kernel: name, failures/N, and how the failure showed.
# A kernel whose buggy form crashes the test binary (a panic) or fails only
# in goleak's check at exit is run as separate processes instead: N for a
# panic, N/10 for a leak (goleak retries for about half a second before it
# reports, which would make N of them too slow).
# Run from the module root: sh kernels/testdata/native-rate.sh [N]
set -u
n=${1:-200}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
for dir in kernels/*/; do
	k=$(basename "$dir")
	[ "$k" = testdata ] && continue
	go test -c -o "$bin/$k.test" "./kernels/$k" || { echo "$k build failed"; continue; }
	out=$(cd "$dir" && EXECSIM_BUGGY=1 "$bin/$k.test" -test.run '^TestBuggy$' -test.count="$n" -test.v 2>&1)
	rc=$?
	fails=$(printf '%s\n' "$out" | grep -c '^--- FAIL: TestBuggy')
	if [ "$rc" -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^panic:' && [ "$fails" -gt 0 ]; then
		echo "$k $fails/$n assertion"
		continue
	fi
	if [ "$rc" -eq 0 ]; then
		echo "$k 0/$n -"
		continue
	fi
	how=panic
	printf '%s\n' "$out" | grep -q '^panic:' || how=leak
	runs=$n
	[ "$how" = leak ] && runs=$(( (n + 9) / 10 ))
	fails=0
	i=0
	while [ "$i" -lt "$runs" ]; do
		(cd "$dir" && EXECSIM_BUGGY=1 "$bin/$k.test" -test.run '^TestBuggy$' -test.count=1 >/dev/null 2>&1) || fails=$((fails + 1))
		i=$((i + 1))
	done
	echo "$k $fails/$runs $how (separate processes)"
done
