// Command list prints the names of docflow's Lambda tasks, one per line,
// from the task registry: the Makefile's FUNCTIONS. With -all it prints
// "name kind" for every task instead.
package main

import (
	"flag"
	"fmt"

	"docflow/internal/tasks"
)

func main() {
	all := flag.Bool("all", false, "list every task (the container too) with its kind")
	flag.Parse()
	for _, t := range tasks.All {
		switch {
		case *all:
			fmt.Println(t.Name, t.Kind)
		case t.Kind.Lambda():
			fmt.Println(t.Name)
		}
	}
}
