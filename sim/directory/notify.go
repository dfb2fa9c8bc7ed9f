package directory

import (
	"context"
	"time"

	waBinary "go.mau.fi/whatsmeow/binary"
	"go.mau.fi/whatsmeow/types"

	"github.com/botrt/botrt/sim/server"
)

// devicesChanged tells connected clients that an account's device list changed, so they drop or update
// their cached lists: accounts that asked for the list (watchers.go) get <notification type="devices">,
// the account's own devices an account_sync with the new list. Offline clients notice through the phash of their next send's ack.
func (d *Directory) devicesChanged(ctx context.Context, change server.DeviceChange) {
	acct, err := d.reg.Account(change.Account.User)
	if err != nil {
		d.srv.Logger().Error("sim: device change", "account", change.Account, "err", err)
		return
	}
	devs, err := d.reg.Devices(acct.Phone)
	if err != nil {
		d.srv.Logger().Error("sim: device change", "account", change.Account, "err", err)
		return
	}
	pn := make([]types.JID, len(devs))
	lids := make([]types.JID, len(devs))
	for i, dev := range devs {
		pn[i], lids[i] = dev.JID(), acct.DeviceLID(dev.ID)
	}
	hash, lidHash := DeviceHash(pn), DeviceHash(lids)
	now := time.Now().Unix()

	var items []waBinary.Node
	for tag, jids := range map[string][]types.JID{"add": change.Added, "remove": change.Removed} {
		for _, j := range jids {
			items = append(items, waBinary.Node{Tag: tag, Attrs: waBinary.Attrs{"device_hash": hash, "device_lid_hash": lidHash},
				Content: []waBinary.Node{{Tag: "device", Attrs: waBinary.Attrs{"jid": j, "lid": acct.DeviceLID(j.Device)}}}})
		}
	}
	// The account's own devices, and the accounts that asked for its device list (they cache it).
	watchers, err := d.watchers.of(acct.Phone)
	if err != nil {
		d.srv.Logger().Error("sim: device change", "err", err)
		return
	}
	for _, phone := range append([]string{acct.Phone}, watchers...) {
		for _, sess := range d.srv.Sessions(types.NewJID(phone, types.DefaultUserServer)) {
			me, _ := sess.Device()
			if phone == acct.Phone {
				_ = sess.Send(d.ownDevicesNotification(acct.JID(), me, pn, now))
				continue
			}
			for _, item := range items {
				_ = sess.Send(&waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
					"from": acct.JID(), "lid": acct.LIDJID(), "type": "devices", "id": d.nextID(), "t": now},
					Content: []waBinary.Node{item}})
			}
		}
	}
}

// ownDevicesNotification is the account_sync a device gets about its own account's devices; the list
// leaves the device itself out, like usync does.
func (d *Directory) ownDevicesNotification(account, me types.JID, devs []types.JID, now int64) *waBinary.Node {
	var list []waBinary.Node
	var listed []types.JID
	for _, j := range devs {
		if j.Device == me.Device {
			continue
		}
		listed = append(listed, j)
		list = append(list, waBinary.Node{Tag: "device", Attrs: waBinary.Attrs{"jid": j}})
	}
	return &waBinary.Node{Tag: "notification", Attrs: waBinary.Attrs{
		"from": account, "type": "account_sync", "id": d.nextID(), "t": now},
		Content: []waBinary.Node{{Tag: "devices", Attrs: waBinary.Attrs{"dhash": DeviceHash(listed)}, Content: list}}}
}
