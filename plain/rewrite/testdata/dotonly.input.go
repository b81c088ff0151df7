// A dot import whose only uses were rewritten becomes a blank import.
package main

import . "time"

func main() {
	Sleep(1)
}
