// Package business serves business accounts' public data: the business profile (w:biz: description,
// address, email, websites, category, opening hours) and the product catalog (w:biz:catalog: products
// with images, paging, collections; product create, edit and delete), in the shapes Baileys and
// whatsmeow send and parse. Accounts are marked business when created (accounts.NewAccount.Business).
// State lives in badger under sim/business/.
package business

// Profile is a business account's public profile.
type Profile struct {
	Description string   `json:"description,omitempty"`
	Address     string   `json:"address,omitempty"`
	Email       string   `json:"email,omitempty"`
	Websites    []string `json:"websites,omitempty"`
	CategoryID  string   `json:"category_id,omitempty"`
	Category    string   `json:"category,omitempty"`
	Hours       *Hours   `json:"hours,omitempty"`
}

// Hours are opening hours in a time zone.
type Hours struct {
	Timezone string     `json:"timezone"`
	Days     []DayHours `json:"days"`
}

// DayHours is one day's opening: Mode is open_24h, appointment_only or specific_hours (then Open and
// Close are minutes since midnight).
type DayHours struct {
	Day   string `json:"day"` // sun, mon, ...
	Mode  string `json:"mode"`
	Open  int    `json:"open,omitempty"`
	Close int    `json:"close,omitempty"`
}

// Product is one catalog entry.
type Product struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	RetailerID  string   `json:"retailer_id,omitempty"`
	URL         string   `json:"url,omitempty"`
	Price       int64    `json:"price"` // in the currency's thousandths, as WhatsApp counts
	Currency    string   `json:"currency,omitempty"`
	Images      []string `json:"images,omitempty"` // image URLs (uploaded through sim/media)
	Hidden      bool     `json:"hidden,omitempty"`
	Created     int64    `json:"created"` // unix nanoseconds; catalog order
}

// Collection is a named group of products.
type Collection struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Products []string `json:"products"`
}
