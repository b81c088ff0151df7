package fakenet

import "fmt"

// Partition cuts the link between hosts a and b in both directions: every
// message between them is dropped, silently, whether it is sent during the
// partition or was in flight and would arrive during it. Heal undoes it.
func (n *Network) Partition(a, b string) error {
	return n.setCut("partition", a, b, true, true)
}

// PartitionOneWay cuts only the direction from -> to: what from sends to
// is dropped, while to still reaches from. It models an asymmetric fault
// (a firewall rule, a half-dead NIC), under which a peer can hear without
// being heard.
func (n *Network) PartitionOneWay(from, to string) error {
	return n.setCut("partition one-way", from, to, true, false)
}

// Heal restores the link between a and b in both directions, whichever
// partitions cut it. Messages dropped meanwhile stay lost.
func (n *Network) Heal(a, b string) error {
	return n.setCut("heal", a, b, false, true)
}

// HealAll restores every link.
func (n *Network) HealAll() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, l := range n.links {
		l.cut = false
	}
	n.trace(0, "heal all")
}

func (n *Network) setCut(op, a, b string, cut, both bool) error {
	if a == b {
		return fmt.Errorf("fakenet: %s %s and %s: a host cannot be cut off from itself; name two hosts", op, a, b)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	ha, hb, err := n.pair(op, a, b)
	if err != nil {
		return err
	}
	n.link(ha, hb).cut = cut
	arrow := "->"
	if both {
		n.link(hb, ha).cut = cut
		arrow = "<->"
	}
	n.trace(0, op+" "+a+arrow+b)
	return nil
}
