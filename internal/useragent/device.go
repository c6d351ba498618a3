package useragent

import (
	"bytes"
	"strings"
)

// Device classes returned by Device.
const (
	Bot     = "bot"
	Mobile  = "mobile"
	Tablet  = "tablet"
	Desktop = "desktop"
	Unknown = "unknown"
)

// Devices lists every value Device can return.
var Devices = []string{Bot, Mobile, Tablet, Desktop, Unknown}

// Device classifies the user agent as "bot", "mobile", "tablet",
// "desktop", or "unknown" (empty or unrecognised).
//
// Choices a reader could make differently: an empty header is "unknown"
// here although IsBot counts it as a bot; Android without "Mobile" is a
// tablet, as Google asks Android browsers to signal; iPadOS Safari
// presents itself as a Mac and so reads as "desktop"; TVs and game
// consoles are "unknown" rather than desktops.
func Device(ua string) string {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return Unknown
	}
	var buf [512]byte
	s := lower(ua, buf[:0])
	if isBotLower(s) {
		return Bot
	}
	return classify(s)
}

func classify(s []byte) string {
	switch {
	case containsAny(s, tvTokens):
		return Unknown
	case containsAny(s, phoneFirstTokens):
		return Mobile
	case bytes.Contains(s, []byte("windows nt")):
		// Before the tablet tokens: old Internet Explorer says "Tablet PC".
		return Desktop
	case containsAny(s, tabletTokens):
		return Tablet
	case bytes.Contains(s, []byte("android")):
		if bytes.Contains(s, []byte("mobi")) {
			return Mobile
		}
		return Tablet
	case containsAny(s, mobileTokens):
		return Mobile
	case containsAny(s, desktopTokens):
		return Desktop
	}
	return Unknown
}

var (
	tvTokens = []string{"smart-tv", "smarttv", "googletv", "appletv", "crkey",
		"web0s", "tizen tv", "hbbtv", "playstation", "xbox", "nintendo"}
	// Windows Phone also claims Android and iPhone; it is a phone either way.
	phoneFirstTokens = []string{"windows phone", "iemobile"}
	tabletTokens     = []string{"ipad", "tablet", "kindle", "silk/", "playbook"}
	mobileTokens     = []string{"iphone", "ipod", "mobi", "blackberry", "bb10",
		"opera mini", "symbian", "kaios"}
	// ChromeOS says "X11; CrOS", so "x11" covers it.
	desktopTokens = []string{"windows", "macintosh", "mac os x", "x11", "linux",
		"freebsd", "openbsd"}
)

func containsAny(s []byte, tokens []string) bool {
	for _, t := range tokens {
		if bytes.Contains(s, []byte(t)) {
			return true
		}
	}
	return false
}
