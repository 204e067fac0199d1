//go:build unix

package blocks

import (
	"errors"
	"net"
	"syscall"
)

// udpReadBatch reads datagrams into buf, one per slot of slot bytes,
// storing their lengths in lens, as many as have arrived (at most
// len(lens)); if wait, it waits for the first until the read deadline set
// by the caller (which must be none, or in the future, if not wait). A datagram
// longer than a slot is cut to it (its length is then slot). It returns the
// number of datagrams read.
func udpReadBatch(conn *net.UDPConn, buf []byte, slot int, lens []int, wait bool) (int, error) {
	rc, err := conn.SyscallConn()
	if err != nil {
		return 0, err
	}
	got := 0
	var rerr error
	err = rc.Read(func(fd uintptr) bool {
		for got < len(lens) {
			// The socket does not block (Go's runtime made it so): EAGAIN
			// when nothing is left.
			n, err := syscall.Read(int(fd), buf[got*slot:(got+1)*slot])
			if err == syscall.EINTR {
				continue
			}
			if err != nil {
				if err != syscall.EAGAIN {
					rerr = err
				}
				break
			}
			lens[got] = n
			got++
		}
		return got > 0 || rerr != nil || !wait
	})
	if got > 0 {
		return got, nil
	}
	if rerr != nil {
		return 0, rerr
	}
	if err != nil && !errors.Is(err, syscall.EAGAIN) && !netTimeout(err) {
		return 0, err
	}
	return 0, nil
}
