package fetch

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"
)

// errPrivate marks a connection refused because it leads into the host's
// own networks.
var errPrivate = errors.New("bots may not connect to loopback, private or link-local addresses")

// GuardedClient is fetch's default client, also used by other parts that fetch on a bot's
// behalf (link previews): like http.DefaultTransport, except
// that, unless allowPrivate, every connection is checked after name
// resolution (so DNS rebinding cannot get around it) and refused when it
// would reach the host itself, its LAN or cloud metadata services, such as
// the simulator's admin API on 127.0.0.1.
func GuardedClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return fmt.Errorf("fetch: bad address %q: %w", address, err)
			}
			ip := net.ParseIP(host)
			if ip == nil || blocked(ip) {
				return fmt.Errorf("%s: %w", host, errPrivate)
			}
			return nil
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = dialer.DialContext
	tr.Proxy = nil // a proxy would hide where the connection really goes
	return &http.Client{Transport: tr}
}

// cgnat is 100.64.0.0/10, shared address space often used inside clouds.
var cgnat = &net.IPNet{IP: net.IPv4(100, 64, 0, 0), Mask: net.CIDRMask(10, 32)}

func blocked(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() || cgnat.Contains(ip)
}
