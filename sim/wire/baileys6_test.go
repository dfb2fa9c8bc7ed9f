package wire

import (
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	waBinary "go.mau.fi/whatsmeow/binary"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/baileys6/*.xml from the decoder")

// TestDecodesBaileys6Frames decodes frame plaintexts that Baileys 6.17.16 sent the simulator in a real
// run (testdata/baileys6/*.bin: pairing reply, usync, key fetch, a pkmsg fan-out, app-state sync,
// receipt, props) with dictionary 2. The expected XML (*.xml) was checked against what the run did;
// read with dictionary 3 the same bytes give other nodes or errors, so the tables are what is tested.
func TestDecodesBaileys6Frames(t *testing.T) {
	frames, err := filepath.Glob("testdata/baileys6/*.bin")
	if err != nil || len(frames) == 0 {
		t.Fatalf("no frames in testdata/baileys6: %v", err)
	}
	for _, f := range frames {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := Dict2.DecodeNode(data)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		xml := n.XMLString() + "\n"
		golden := strings.TrimSuffix(f, ".bin") + ".xml"
		if *updateGolden {
			if err := os.WriteFile(golden, []byte(xml), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if xml != string(want) {
			t.Errorf("%s decodes to\n%s\nwant\n%s", f, xml, want)
		}
		again, err := Dict2.DecodeNode(mustEncode(t, Dict2, n))
		dropNilAttrs(n) // the encoder leaves out attributes without a value, as whatsmeow's does
		if err != nil || !reflect.DeepEqual(again, n) {
			t.Errorf("%s: re-encoding with dictionary 2 gives %v, %v", f, again, err)
		}
		if other, err := Dict3.DecodeNode(data); err == nil && other.XMLString()+"\n" == xml {
			t.Errorf("%s: dictionary 3 reads the same node; the frame does not test the tables", f)
		}
	}
}

func dropNilAttrs(n *waBinary.Node) {
	for k, v := range n.Attrs {
		if v == nil {
			delete(n.Attrs, k)
		}
	}
	for i := range n.GetChildren() {
		dropNilAttrs(&n.GetChildren()[i])
	}
}
