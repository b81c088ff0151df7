module example.com/oldlang

go 1.26

require example.com/olddep v0.0.0

replace example.com/olddep => ./olddep
