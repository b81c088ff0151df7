module example.com/fuzzrace

go 1.24
