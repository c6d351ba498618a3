// Package useragent decides, from the User-Agent header alone, whether a
// click came from a person and on what kind of device.
//
// It runs on the redirect hot path, so it lower-cases the header once
// (ASCII only: every token is ASCII) and scans fixed token lists; there is
// no regular expression and no allocation for ordinary headers.
package useragent

import (
	"bytes"
	"strings"
)

// botTokens are lower-case substrings that mark crawlers, link-preview
// fetchers, HTTP libraries and headless browsers. Names that also end in a
// generic "bot" word are listed anyway so that the list documents what is
// covered and stays correct if the generic rule is ever narrowed.
//
// Pinterest: the crawler says "Pinterest/0.x" or "Pinterestbot", while the
// app's in-app browser says "Pinterest for iOS", "Pinterest for Android" or
// "[Pinterest/iOS]". Only the crawler forms are listed, so people tapping a
// pin are counted.
var botTokens = []string{
	// Link-preview fetchers of social and chat apps.
	"facebookexternalhit", "facebookcatalog", "facebot", "meta-externalagent",
	"meta-externalfetcher", "twitterbot", "slackbot", "slack-imgproxy",
	"whatsapp", "telegrambot", "discordbot", "linkedinbot", "pinterestbot",
	"pinterest/0.", "skypeuripreview", "redditbot", "embedly", "iframely",
	"vkshare", "snap url preview", "http.rb/",
	// Search engines, archives, SEO and AI crawlers.
	"googlebot", "google-inspectiontool", "adsbot-google", "mediapartners-google",
	"apis-google", "feedfetcher-google", "googleother", "google-pagerenderer",
	"bingbot", "bingpreview", "yandexbot", "baiduspider", "duckduckbot",
	"applebot", "slurp", "ia_archiver", "ahrefsbot", "semrushbot", "mj12bot",
	"petalbot", "bytespider", "gptbot", "chatgpt-user", "claudebot",
	"claude-web", "anthropic-ai", "ccbot",
	// HTTP libraries, command-line tools and headless browsers.
	"python-requests", "python-urllib", "go-http-client", "curl", "wget",
	"headlesschrome", "phantomjs", "okhttp", "axios", "node-fetch",
	"apache-httpclient", "libwww-perl", "scrapy", "postmanruntime",
	// Generic words that well-behaved crawlers put in their names.
	"crawl", "spider",
}

// byFirst indexes botTokens by first byte so that each position of the
// header is compared only with the few tokens that can start there.
var byFirst = index(botTokens)

func index(tokens []string) (t [256][]string) {
	for _, tok := range tokens {
		t[tok[0]] = append(t[tok[0]], tok)
	}
	return t
}

// IsBot reports whether a request with this user agent must be stored as
// a bot and never counted. An empty header is a bot: every browser and
// in-app browser sends one. Real browsers, including the Instagram,
// TikTok, Facebook and Pinterest in-app browsers, are not bots.
func IsBot(ua string) bool {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return true
	}
	var buf [512]byte
	return isBotLower(lower(ua, buf[:0]))
}

func isBotLower(s []byte) bool {
	return hasToken(s) || hasBotWord(s)
}

func hasToken(s []byte) bool {
	for i := range len(s) - 1 {
		for _, tok := range byFirst[s[i]] {
			// The second byte rejects almost every candidate cheaply.
			if tok[1] == s[i+1] && len(s)-i >= len(tok) && string(s[i:i+len(tok)]) == tok {
				return true
			}
		}
	}
	return false
}

// hasBotWord finds the generic word "bot" or "bots" ending a word, as in
// "DotBot/1.1" or "archive.org_bot". "Cubot" is a phone brand and
// "bottle" or "botanic" are not crawler names, so those do not count.
func hasBotWord(s []byte) bool {
	for off := 0; ; {
		j := bytes.Index(s[off:], []byte("bot"))
		if j < 0 {
			return false
		}
		i := off + j
		off = i + 3
		if i >= 2 && string(s[i-2:i]) == "cu" {
			continue
		}
		end := off
		if end < len(s) && s[end] == 's' {
			end++
		}
		if end == len(s) || !isAlnum(s[end]) {
			return true
		}
	}
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9'
}

// lower appends the ASCII lower-case form of s to buf. Non-ASCII bytes are
// copied unchanged; no token contains them.
func lower(s string, buf []byte) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	return buf
}
