//go:build !unix

package blocks

import "net"

// udpReadBatch reads one datagram into the first slot of buf, waiting for
// it until the read deadline set by the caller (not at all if not wait),
// and stores its length in lens[0].
// A datagram longer than a slot is cut to it. It returns the number of
// datagrams read.
func udpReadBatch(conn *net.UDPConn, buf []byte, slot int, lens []int, wait bool) (int, error) {
	if !wait {
		return 0, nil
	}
	n, err := conn.Read(buf[:slot])
	if err != nil {
		if netTimeout(err) {
			return 0, nil
		}
		if n <= 0 {
			return 0, err
		}
	}
	lens[0] = min(n, slot)
	return 1, nil
}
