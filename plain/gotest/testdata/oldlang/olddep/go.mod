module example.com/olddep

go 1.15
